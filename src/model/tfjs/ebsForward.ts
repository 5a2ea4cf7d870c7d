/**
 * The differentiable forward pass of EBS (Li et al., 2020 — reconstruction, see ebs.ts):
 * a LayersModel whose quantizable layers compute with shared meta weights and mixed
 * activations,
 *
 *     Ŵ_l = Σ_i π_w,l,i · Q_{b_i}(W_l),      X̂_l = Σ_j π_a,l,j · Q_{b_j}(X_l),      π = softmax(α),
 *
 * where Q_b(W) are the registry's fake-quantized (BN-folded) kernels — constants, so ∂Ŵ/∂π
 * is exact — and Q_b(X) rounds activations with a straight-through gradient so the loss
 * reaches the α of earlier layers. Implementation: each layer's kernel variable is swapped
 * for a holder whose read() returns the Ŵ of the current step; a folded BatchNormalization
 * is bypassed (its effect is in W' and b'); activation points are wrapped as in evaluation.
 * Example: π_w = (0.1, 0.9) over {2, 8} bits → Ŵ = 0.1·Q_2(W) + 0.9·Q_8(W), E[b_w] = 7.4.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { wrapLayerCalls } from './activationHooks';
import { fakeQuantizeSte, type ActivationQuantParams } from '../applyConfigOps';
import type { QuantLayer } from '../runtime/types';

interface Readable { read(): tf.Tensor }
type LayerInternals = Record<string, unknown> & { call: unknown; useBias?: boolean };

export interface MixedLayer {
  layer: QuantLayer;
  /** Q_{b_i}(W') for every candidate bit-width, as constants [candidates][weightShape]. */
  kernels: tf.Tensor[];
  /** Folded bias b' (only when a BN is folded into the layer). */
  bias: tf.Tensor | null;
  alphaW: tf.Variable;
  /** Null for layers whose activations stay float (model outputs, no calibration). */
  alphaA: tf.Variable | null;
  /** Activation quantizer params per candidate (calibrated on float activations). */
  actParams: ActivationQuantParams[];
}

/** α = 0 (uniform π); tidy disposes the zeros the variable was made from. */
function strengths(n: number, name: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([n]), true, name));
}

/** Builds the constants and strength variables of one layer. */
export function mixedLayer(layer: QuantLayer, kernels: readonly Float32Array[], actParams: ActivationQuantParams[] | null): MixedLayer {
  return {
    layer,
    kernels: kernels.map((k) => tf.tensor(k, layer.weightShape)),
    bias: layer.foldedBatchNorm ? tf.tensor1d(layer.bias) : null,
    alphaW: strengths(kernels.length, `ebs/${layer.name}/alpha_w`),
    alphaA: actParams ? strengths(kernels.length, `ebs/${layer.name}/alpha_a`) : null,
    actParams: actParams ?? [],
  };
}

/** Σ_i π_i · t_i for a stack of candidate tensors. */
function mix(pi: tf.Tensor, ts: tf.Tensor[]): tf.Tensor {
  const w = tf.unstack(pi);
  let acc = tf.mul(ts[0], w[0]);
  for (let i = 1; i < ts.length; i++) acc = tf.add(acc, tf.mul(ts[i], w[i]));
  return acc;
}

interface MixedModel {
  /** Current Ŵ per layer name, set by `prepare()` inside the tape. */
  prepare(): void;
  restore(): void;
}

/**
 * Installs the meta-weight forward on `model` for `layers`; `prepare()` must be called in
 * the loss function (on the gradient tape) before model.apply.
 */
export function installMixedForward(model: LayersModel, layers: MixedLayer[]): MixedModel {
  const current = new Map<string, tf.Tensor>();
  const undo: (() => void)[] = [];
  const swap = (obj: LayerInternals, key: string, value: unknown) => {
    const had = Object.prototype.hasOwnProperty.call(obj, key);
    const old = obj[key];
    obj[key] = value;
    undo.push(() => {
      if (had) obj[key] = old;
      else delete obj[key];
    });
  };
  for (const m of layers) {
    const tl = model.getLayer(m.layer.name) as unknown as LayerInternals;
    const kernelKey = m.layer.kind === 'depthwise' ? 'depthwiseKernel' : 'kernel';
    swap(tl, kernelKey, { read: () => current.get(m.layer.name)! } satisfies Readable);
    if (m.layer.foldedBatchNorm && m.bias) {
      const bias = m.bias;
      swap(tl, 'bias', { read: () => bias } satisfies Readable);
      if (m.layer.kind === 'depthwise') swap(tl, 'useBias', true);
      const bn = model.getLayer(m.layer.foldedBatchNorm) as unknown as LayerInternals;
      swap(bn, 'call', (inputs: tf.Tensor | tf.Tensor[]) => tf.clone(Array.isArray(inputs) ? inputs[0] : inputs));
    }
  }
  const withActs = layers.filter((m) => m.alphaA);
  const unwrap = wrapLayerCalls(model, new Map(withActs.map((m) => [m.layer.activationPoint, (y: tf.Tensor) => {
    const pi = tf.softmax(m.alphaA!);
    return mix(pi, m.actParams.map((p) => fakeQuantizeSte(y, p)));
  }])));
  return {
    prepare: () => {
      for (const m of layers) current.set(m.layer.name, mix(tf.softmax(m.alphaW), m.kernels));
    },
    restore: () => {
      unwrap();
      undo.reverse().forEach((f) => f());
      current.clear();
    },
  };
}

/** E[b] = Σ π_i b_i as a scalar tensor. */
export function expectedBits(alpha: tf.Variable, candidates: readonly number[]): tf.Scalar {
  return tf.sum(tf.mul(tf.softmax(alpha), tf.tensor1d(candidates as number[]))) as tf.Scalar;
}

export function disposeMixed(layers: MixedLayer[]): void {
  for (const m of layers) {
    m.kernels.forEach((t) => t.dispose());
    m.bias?.dispose();
    m.alphaW.dispose();
    m.alphaA?.dispose();
  }
}
