/**
 * Applying a StudioConfig's activation decisions: every quantizable layer's activation
 * point (after its folded BN and directly following activation, see layers.ts) is
 * fake-quantized with the scheme and bits of the config, calibrated on float activations.
 *
 * Calibration: the registry quantizer's own `calibrate` on the float model's activations
 * over the calibration images (max-abs for fixed and log2, the SQNR-searched top level for
 * log2-sqrt2), or for fixed point the config's `calibration` (percentile, MSE-searched clip,
 * KL; src/quant/calibration.ts); signed unless every calibration value is ≥ 0 (or as the
 * config says).
 *
 * Execution: LayersModel — the activation-point layer's `call` is wrapped for the duration
 * of the run (works for sequential and functional graphs, residual joins included, since
 * tfjs-layers runs every node through `layer.apply → call`). GraphModel — staged execution:
 * activation points in topological order, each computed from the input and the already
 * quantized points fed back as intermediate tensors, then the outputs from all of them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { getQuantizer } from '../quant/registry';
import { allNonNegative } from '../quant/parts/scale';
import { calibrateFixedActivations } from '../quant/calibration';
import { sqnrDb } from '../quant/sqnr';
import type { SqnrDb, StudioConfig } from '../quant/types';
import { captureActivations } from './activations';
import { graphTopology } from './applyConfigGraph';
import { fakeQuantizeTensor, type ActivationQuantParams } from './applyConfigOps';
import { fixedBatchOf, inFixedBatches } from './fixedBatch';
import { matchLayers } from './applyConfig';
import type { LoadedModel } from './types';

/** Float activations of the calibration images, per layer (subsampled for the log search). */
export interface CalibrationActivations {
  id: string;
  layers: Map<string, { values: Float32Array; nonNegative: boolean }>;
}

export interface ActivationPlanEntry {
  layer: string;
  point: string;
  params: ActivationQuantParams;
  sqnrDb: SqnrDb;
}

/** At most this many values per layer are kept for calibration (max-abs kept exactly). */
const MAX_CALIBRATION_VALUES = 1 << 20;

/** Strided subsample that always keeps the largest and smallest value. */
function subsample(x: Float32Array, max: number): Float32Array {
  if (x.length <= max) return x;
  const stride = Math.ceil(x.length / max);
  let hi = 0;
  let lo = 0;
  for (let i = 1; i < x.length; i++) {
    if (x[i] > x[hi]) hi = i;
    if (x[i] < x[lo]) lo = i;
  }
  const out = new Float32Array(Math.ceil(x.length / stride) + 2);
  let k = 0;
  for (let i = 0; i < x.length; i += stride) out[k++] = x[i];
  out[k++] = x[hi];
  out[k++] = x[lo];
  return out.subarray(0, k);
}

/** Captures calibration activations of every layer (float model). */
export async function calibrateActivations(loaded: LoadedModel, images: Float32Array, count: number, id: string,
  opts: { signal?: AbortSignal; batchSize?: number } = {}): Promise<CalibrationActivations> {
  const acts = await captureActivations(loaded, images, count, { signal: opts.signal, batchSize: opts.batchSize });
  const layers = new Map<string, { values: Float32Array; nonNegative: boolean }>();
  for (const [name, a] of acts) layers.set(name, { values: subsample(a.values, MAX_CALIBRATION_VALUES), nonNegative: allNonNegative(a.values) });
  return { id, layers };
}

/** Activation params for every quantized activation point of a config. */
export function planActivations(loaded: LoadedModel, config: StudioConfig, calib: CalibrationActivations | null): ActivationPlanEntry[] {
  const plan: ActivationPlanEntry[] = [];
  for (const { layer, cfg } of matchLayers(loaded, config)) {
    const a = cfg.activations;
    if (a.scheme === 'float' || a.bits === null) continue;
    const c = calib?.layers.get(layer.name);
    if (!c) throw new Error(`layer '${layer.name}': activations need calibration data (no images fit the model)`);
    const signed = a.signed ?? !c.nonNegative;
    const p = a.scheme === 'fixed' && a.calibration && a.calibration !== 'max-abs'
      ? calibrateFixedActivations(c.values, a.bits, signed, a.calibration)
      : getQuantizer(a.scheme).calibrate(c.values, a.bits, { signed });
    const params: ActivationQuantParams = { scheme: a.scheme, bits: a.bits, signed, scale: p.scale };
    plan.push({ layer: layer.name, point: layer.activationPoint, params, sqnrDb: sqnrDb(c.values, getQuantizer(a.scheme).apply(c.values, p)) });
  }
  return plan;
}

export interface QuantizedRunner {
  /** Runs one batch; the caller disposes the result. */
  predict(x: tf.Tensor): tf.Tensor;
  /** Removes the activation hooks. */
  dispose(): void;
}

type CallFn = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/**
 * Wraps `call` of the named layers with `wrap` until the returned function is called.
 * Used for activation fake-quantization here and by the gradient probes of CQ and EBS.
 */
export function wrapLayerCalls(model: LayersModel, wraps: Map<string, (y: tf.Tensor) => tf.Tensor>): () => void {
  const undo: (() => void)[] = [];
  for (const [name, wrap] of wraps) {
    const layer = model.getLayer(name) as unknown as { call: CallFn };
    const own = Object.getOwnPropertyDescriptor(layer, 'call');
    const original = layer.call;
    layer.call = function (this: unknown, inputs, kwargs) {
      const y = original.call(this, inputs, kwargs);
      return Array.isArray(y) ? y : wrap(y);
    };
    undo.push(() => {
      if (own) Object.defineProperty(layer, 'call', own);
      else delete (layer as { call?: CallFn }).call;
    });
  }
  return () => undo.reverse().forEach((f) => f());
}

/** First output of a model call. */
export function firstOutput(y: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor {
  if (y instanceof tf.Tensor) return y;
  const list = Array.isArray(y) ? y : Object.values(y);
  list.slice(1).forEach((t) => t.dispose());
  return list[0];
}

/** A runner that applies the activation plan (weights are edited separately). */
export function quantizedRunner(loaded: LoadedModel, plan: readonly ActivationPlanEntry[]): QuantizedRunner {
  if (loaded.format === 'layers-model') {
    const model = loaded.model as LayersModel;
    const restore = wrapLayerCalls(model, new Map(plan.map((e) => [e.point, (y: tf.Tensor) => fakeQuantizeTensor(y, e.params)])));
    return {
      predict: (x) => firstOutput(model.predict(x, { batchSize: x.shape[0] }) as tf.Tensor | tf.Tensor[]),
      dispose: restore,
    };
  }
  const model = loaded.model as GraphModel;
  const fixed = fixedBatchOf(loaded.inputShape);
  const batched = (run: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => inFixedBatches(x, fixed, (b) => [run(b)])[0];
  if (plan.length === 0) return { predict: batched((x) => firstOutput(model.execute(x) as tf.Tensor)), dispose: () => {} };
  const topo = graphTopology(model);
  const order = new Map(topo.order.map((n, i) => [n.name, i]));
  const stages = [...plan].sort((a, b) => (order.get(a.point) ?? 0) - (order.get(b.point) ?? 0));
  const inputName = model.inputs[0].name;
  const outputNames = model.outputs.map((o) => o.name);
  return {
    predict: batched((x) => {
      const feeds: tf.NamedTensorMap = { [inputName]: x };
      let out: tf.Tensor | null = null;
      try {
        for (const s of stages) {
          const a = model.execute(feeds, s.point) as tf.Tensor;
          feeds[s.point] = fakeQuantizeTensor(a, s.params);
          a.dispose();
        }
        out = firstOutput(model.execute(feeds, outputNames) as tf.Tensor | tf.Tensor[]);
        return out;
      } finally {
        // An output that is itself a quantized point comes back as the fed tensor: keep it.
        for (const [k, t] of Object.entries(feeds)) if (k !== inputName && t !== out) t.dispose();
      }
    }),
    dispose: () => {},
  };
}
