/**
 * Activation capture: runs calibration images through the float model and records, for
 * every quantizable layer, the values at its activation point (after folded BN and the
 * directly following activation — where an accelerator would re-quantize).
 *
 * LayersModel: one multi-output tf.model over the internal symbolic tensors.
 * GraphModel: model.execute(feed, nodeNames) (executeAsync for graphs with control flow).
 * Batched; every batch's tensors are disposed; the AbortSignal is checked between batches.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { throwIfAborted } from './errors';
import { fixedBatchOf, inFixedBatchesAsync } from './fixedBatch';
import type { LoadedModel } from './types';

export interface CaptureOptions {
  /** Images per forward pass (default 32). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * Most values kept per layer (default 2^24 = 64 MiB of float32). A layer whose
   * activations for all images would exceed it keeps only its first images' activations.
   */
  maxValuesPerLayer?: number;
  /**
   * Most values kept over all layers together (default 2^25 = 128 MiB of float32): each
   * activation point gets an equal share (but never under 2^18 values, nor under one
   * example). Without it, ResNet-50 at 224×224 kept 64 MiB at each of its 53 points,
   * 1.7 GB for 64 images, and sweeping them took 95 s of a 3-minute analysis; with it, at
   * least 600k values per point (one image or more). Small models keep every image: the
   * demo LeNet's largest point holds 221k values for 64 images.
   */
  maxValuesTotal?: number;
  /** The floor of a point's share of maxValuesTotal (default 2^18 = 1 MiB of float32). */
  minValuesPerPoint?: number;
  /** Capture only these layers (default: all of loaded.layers). */
  layers?: string[];
}

export interface LayerActivations {
  /** examples × perExample values, example-major (NHWC per example). */
  values: Float32Array;
  /** Images whose activations are held (≤ count when capped). */
  examples: number;
  /** Shape of one example's activation (no batch dimension). */
  shape: number[];
}

/** Shape of one example as the model wants it, or an Error message when data cannot fit. */
export function exampleShape(loaded: LoadedModel, valuesPerExample: number): number[] | string {
  const dims = loaded.inputShape.slice(1);
  if (dims.some((d) => d === null)) return `model input [${loaded.inputShape.join(',')}] has unknown dimensions`;
  const need = (dims as number[]).reduce((a, b) => a * b, 1);
  if (need !== valuesPerExample) {
    return `data has ${valuesPerExample} values per example, the model input [${loaded.inputShape.map((d) => d ?? 'batch').join(',')}] needs ${need}`;
  }
  return dims as number[];
}

type Runner = (x: tf.Tensor) => Promise<tf.Tensor[]>;

function makeRunner(loaded: LoadedModel, points: string[]): { run: Runner; dispose: () => void } {
  if (loaded.format === 'layers-model') {
    const model = loaded.model as tfl.LayersModel;
    // A shared layer (several inbound nodes) has no single .output: take its first call.
    const outputs = points.map((p) => {
      const layer = model.getLayer(p);
      return (layer.inboundNodes.length > 1 ? layer.getOutputAt(0) : layer.output) as tfl.SymbolicTensor;
    });
    const probe = tfl.model({ inputs: model.inputs, outputs });
    return {
      run: async (x) => {
        const y = probe.predict(x) as tf.Tensor | tf.Tensor[];
        return Array.isArray(y) ? y : [y];
      },
      dispose: () => {},
    };
  }
  const model = loaded.model as GraphModel;
  const fixed = fixedBatchOf(loaded.inputShape);
  const once = async (x: tf.Tensor): Promise<tf.Tensor[]> => {
    let y: tf.Tensor | tf.Tensor[];
    try {
      y = model.execute(x, points);
    } catch (e) {
      if (!/executeAsync/.test(String((e as Error)?.message))) throw e;
      y = await model.executeAsync(x, points);
    }
    return Array.isArray(y) ? y : [y];
  };
  return {
    run: (x) => inFixedBatchesAsync(x, fixed, once),
    dispose: () => {},
  };
}

/**
 * Captures activations of `count` examples stored back to back in `images`.
 * Example: 64 MNIST digits (64 × 784 floats) through the fixture network gives
 * conv1 → 64 × 26·26·4 values, dw1 → 64 × 24·24·8, fc1 → 64 × 10.
 */
export async function captureActivations(
  loaded: LoadedModel,
  images: Float32Array,
  count: number,
  opts: CaptureOptions = {},
): Promise<Map<string, LayerActivations>> {
  const perExample = count > 0 ? images.length / count : 0;
  const dims = exampleShape(loaded, perExample);
  if (typeof dims === 'string') throw new Error(dims);
  const wanted = loaded.layers.filter((l) => !opts.layers || opts.layers.includes(l.name));
  const points = [...new Set(wanted.map((l) => l.activationPoint))];
  const out = new Map<string, LayerActivations>();
  if (count === 0 || points.length === 0) return out;
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 32));
  const maxValues = Math.min(opts.maxValuesPerLayer ?? 2 ** 24,
    Math.max(opts.minValuesPerPoint ?? 2 ** 18, Math.floor((opts.maxValuesTotal ?? 2 ** 25) / points.length)));
  const { run, dispose } = makeRunner(loaded, points);
  const byPoint = new Map<string, LayerActivations>();
  try {
    for (let start = 0; start < count; start += batchSize) {
      throwIfAborted(opts.signal);
      const n = Math.min(batchSize, count - start);
      const x = tf.tensor(images.subarray(start * perExample, (start + n) * perExample), [n, ...dims]);
      let ys: tf.Tensor[] = [];
      try {
        ys = await run(x);
        for (let i = 0; i < points.length; i++) {
          const y = ys[i];
          let slot = byPoint.get(points[i]);
          if (!slot) {
            const shape = y.shape.slice(1);
            const per = shape.reduce((a, b) => a * b, 1);
            const examples = Math.max(1, Math.min(count, Math.floor(maxValues / Math.max(1, per))));
            slot = { values: new Float32Array(examples * per), examples, shape };
            byPoint.set(points[i], slot);
          }
          const per = slot.values.length / slot.examples;
          const keep = Math.min(n, slot.examples - start);
          if (keep > 0) {
            const data = (await y.data()) as Float32Array;
            slot.values.set(data.subarray(0, keep * per), start * per);
          }
        }
      } finally {
        x.dispose();
        for (const y of ys) y.dispose();
      }
      opts.onProgress?.(start + n, count);
    }
  } finally {
    dispose();
  }
  for (const l of wanted) {
    const slot = byPoint.get(l.activationPoint);
    if (slot) out.set(l.name, slot);
  }
  return out;
}
