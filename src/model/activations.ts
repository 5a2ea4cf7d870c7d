/**
 * Activation capture: runs calibration images through the float model and records, for
 * every quantizable layer, the values at its activation point (after folded BN and the
 * directly following activation — where an accelerator would re-quantize).
 *
 * Runtime-agnostic: batches go through LoadedModel.capture; the AbortSignal is checked
 * between batches, and what is kept per point is capped (see CaptureOptions).
 */
import { throwIfAborted } from './errors';
import { exampleShape } from './runtime/input';
import type { LoadedModel } from './runtime/types';

export { exampleShape } from './runtime/input';

interface CaptureOptions {
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
  const dims = exampleShape(loaded.input, perExample);
  if (typeof dims === 'string') throw new Error(dims);
  const wanted = loaded.layers.filter((l) => !opts.layers || opts.layers.includes(l.name));
  const points = [...new Set(wanted.map((l) => l.activationPoint))];
  const out = new Map<string, LayerActivations>();
  if (count === 0 || points.length === 0) return out;
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 32));
  const maxValues = Math.min(opts.maxValuesPerLayer ?? 2 ** 24,
    Math.max(opts.minValuesPerPoint ?? 2 ** 18, Math.floor((opts.maxValuesTotal ?? 2 ** 25) / points.length)));
  const byPoint = new Map<string, LayerActivations>();
  for (let start = 0; start < count; start += batchSize) {
    throwIfAborted(opts.signal);
    const n = Math.min(batchSize, count - start);
    const ys = await loaded.capture(images.subarray(start * perExample, (start + n) * perExample), n, points);
    for (let i = 0; i < points.length; i++) {
      const y = ys[i];
      let slot = byPoint.get(points[i]);
      if (!slot) {
        const shape = y.shape.slice();
        const per = shape.reduce((a, b) => a * b, 1);
        const examples = Math.max(1, Math.min(count, Math.floor(maxValues / Math.max(1, per))));
        slot = { values: new Float32Array(examples * per), examples, shape };
        byPoint.set(points[i], slot);
      }
      const per = slot.values.length / slot.examples;
      const keep = Math.min(n, slot.examples - start);
      if (keep > 0) slot.values.set(y.values.subarray(0, keep * per), start * per);
    }
    opts.onProgress?.(start + n, count);
  }
  for (const l of wanted) {
    const slot = byPoint.get(l.activationPoint);
    if (slot) out.set(l.name, slot);
  }
  return out;
}
