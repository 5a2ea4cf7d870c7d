/**
 * Gradients in tfjs, for the methods that need them (CQ's Taylor importance here; EBS's
 * training in ebsTrain.ts) — the GradientRuntime of a tfjs LayersModel (tfjsModel.ts). A
 * GraphModel has none: tfjs executes it op by op without a gradient tape that reaches its
 * constants in a usable way, so its capabilities say so and CQ and EBS refuse it with a
 * MethodUnavailableError the page and the CLI show as is.
 *
 * CQ importance (Sun et al., DATE 2023 — reconstruction, docs/methods.md): for each class
 * c, the samples of class c run through the model, the cross-entropy loss is
 * back-propagated, and at every filter's output a (the layer's activation point):
 *
 *     T[c][l][f] = mean over class-c samples of | mean over positions (a · ∂L/∂a) |
 *
 * (the first-order Taylor estimate of the loss change when the filter is removed,
 * Molchanov et al. 2017). ∂L/∂a is taken with probes: a' = a + z with z = 0 at every
 * activation point and tf.grads with respect to the z's, so nothing upstream of the first
 * probe is differentiated and no weight gradient is ever computed.
 * Example: one 2×2 output map a = [[1, 2], [0, 1]] with ∂L/∂a = [[0.1, −0.1], [0.5, 0.2]]:
 * a·g = [[0.1, −0.2], [0, 0.2]], mean 0.025 → T = 0.025 for that sample.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ClassImportance } from '../../quant/methods/cq';
import { throwIfAborted } from '../errors';
import { withModelLock } from '../evaluateCache';
import { registerWasmGradKernels } from '../gradientsWasmKernels';
import { exampleShape } from '../runtime/input';
import type { GradientJobOptions, LabeledExamples } from '../runtime/types';
import { firstOutput, wrapLayerCalls } from './activationHooks';
import type { TfjsModel } from './types';

/**
 * Makes back-propagation possible: registers tfjs's gradient functions (the split packages
 * leave that to the app; in Node call gradientsNode.installTfjsNodeResolver() first) and,
 * on the WASM backend, the training kernels it lacks (gradientsWasmKernels.ts).
 */
export async function prepareGradients(): Promise<void> {
  if (!tf.getGradient('Sum')) {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  }
  if (!tf.getGradient('Sum')) throw new Error('tfjs gradient functions could not be registered');
  if (tf.getBackend() === 'wasm') registerWasmGradKernels('wasm');
}

/** True when the model's output rows look like probabilities (softmax), not logits. */
function isProbabilities(y: tf.Tensor): boolean {
  return tf.tidy(() => {
    const min = tf.min(y).dataSync()[0];
    const sums = tf.sum(y, -1).dataSync();
    return min >= 0 && Array.from(sums).every((s) => Math.abs(s - 1) < 1e-3);
  });
}

/** Mean cross-entropy of model outputs against integer labels. */
export function crossEntropy(y: tf.Tensor, labels: tf.Tensor, probabilities: boolean): tf.Scalar {
  const oneHot = tf.oneHot(tf.cast(labels, 'int32'), y.shape[y.shape.length - 1]);
  if (probabilities) return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.add(y, 1e-7))), -1))) as tf.Scalar;
  return tf.losses.softmaxCrossEntropy(oneHot, y) as tf.Scalar;
}

/** Whether `loaded`'s outputs are probabilities, probed on a few images. */
export function outputsAreProbabilities(loaded: Pick<TfjsModel, 'predict'>, x: tf.Tensor): boolean {
  const y = loaded.predict(x);
  try {
    return isProbabilities(y);
  } finally {
    y.dispose();
  }
}

/** Indices of up to n samples per class, in data order. */
function samplesByClass(labels: Uint8Array, classes: number, n: number): number[][] {
  const by: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) if (labels[i] < classes && by[labels[i]].length < n) by[labels[i]].push(i);
  return by;
}

export interface ImportanceOptions extends GradientJobOptions {
  /** Samples per class (default 32). */
  perClass?: number;
}

/** Per-sample, per-filter |mean_positions(a·g)| of one activation: [n, filters]. */
function taylorPerSample(a: tf.Tensor, g: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const n = a.shape[0];
    const f = a.shape[a.shape.length - 1];
    return tf.abs(tf.mean(tf.reshape(tf.mul(a, g), [n, -1, f]), 1)) as tf.Tensor2D;
  });
}

/** T[c][l][f] for every class present in the labels (see module comment). */
export async function classTaylorImportance(loaded: TfjsModel, data: LabeledExamples, opts: ImportanceOptions = {}): Promise<ClassImportance> {
  await prepareGradients();
  // The probes wrap the live model's layers: no evaluation may run meanwhile.
  return withModelLock(loaded, () => importanceLocked(loaded, data, opts));
}

async function importanceLocked(loaded: TfjsModel, data: LabeledExamples, opts: ImportanceOptions): Promise<ClassImportance> {
  const labelsAll = data.labels;
  const model = loaded.model as LayersModel;
  const per = data.images.length / data.count;
  const dims = exampleShape(loaded.input, per);
  if (typeof dims === 'string') throw new Error(dims);
  const classes = (model.outputs[0].shape[model.outputs[0].shape.length - 1] as number | null) ?? Math.max(...labelsAll) + 1;
  const groups = samplesByClass(labelsAll, classes, opts.perClass ?? 32);
  const probe = tf.tidy(() => tf.tensor(data.images.subarray(0, Math.min(4, data.count) * per), [Math.min(4, data.count), ...dims]));
  const probabilities = outputsAreProbabilities(loaded, probe);
  probe.dispose();
  const layers = loaded.layers;
  const T: ClassImportance = [];
  for (let c = 0; c < classes; c++) {
    throwIfAborted(opts.signal);
    const idx = groups[c];
    if (idx.length === 0) {
      T.push(layers.map((l) => new Array<number>(l.filters).fill(0)));
      continue;
    }
    const x = tf.tensor(Float32Array.from(idx.flatMap((i) => Array.from(data.images.subarray(i * per, (i + 1) * per)))), [idx.length, ...dims]);
    const labels = tf.tensor1d(idx.map(() => c), 'int32');
    const captured = new Map<string, tf.Tensor>();
    // One probe per activation point (layers sharing a point share its probe).
    const points = [...new Set(layers.map((l) => l.activationPoint))];
    const shapes = points.map((p) => {
      const s = model.getLayer(p).outputShape as (number | null)[];
      return [idx.length, ...s.slice(1).map((d) => d ?? 1)];
    });
    const zs = shapes.map((s) => tf.zeros(s));
    const restore = wrapLayerCalls(model, new Map(points.map((p, k) => [p, (y: tf.Tensor) => {
      const prev = captured.get(p);
      if (prev) prev.dispose();
      captured.set(p, tf.keep(y.clone()));
      return tf.add(y, zs[k]);
    }])));
    let grads: tf.Tensor[] = [];
    try {
      grads = tf.grads((...z: tf.Tensor[]) => {
        void z;
        const y = firstOutput(model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[]);
        return crossEntropy(y, labels, probabilities);
      })(zs);
      const perLayer = layers.map((l) => {
        const k = points.indexOf(l.activationPoint);
        const a = captured.get(l.activationPoint)!;
        return tf.tidy(() => Array.from(tf.mean(taylorPerSample(a, grads[k]), 0).dataSync()));
      });
      T.push(perLayer);
    } finally {
      restore();
      [x, labels, ...zs, ...grads, ...captured.values()].forEach((t) => t.dispose());
    }
    opts.onProgress?.({ done: c + 1, total: classes });
    await new Promise((r) => setTimeout(r, 0));
  }
  return T;
}
