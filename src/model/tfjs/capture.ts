/**
 * Activation capture in tfjs: the float model's values at named activation points.
 * LayersModel: one multi-output tf.model over the internal symbolic tensors (built once per
 * set of points and kept). GraphModel: model.execute(feed, nodeNames) (executeAsync for
 * graphs with control flow). Every batch's tensors are disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { inFixedBatchesAsync } from '../fixedBatch';
import type { CapturedTensor } from '../runtime/types';
import type { TfjsHandle } from './weightEdits';

type Runner = (x: tf.Tensor) => Promise<tf.Tensor[]>;

function makeRunner(handle: TfjsHandle, points: readonly string[], fixed: number | null): Runner {
  if (handle.format === 'layers-model') {
    const model = handle.model;
    // A shared layer (several inbound nodes) has no single .output: take its first call.
    const outputs = points.map((p) => {
      const layer = model.getLayer(p);
      return (layer.inboundNodes.length > 1 ? layer.getOutputAt(0) : layer.output) as tfl.SymbolicTensor;
    });
    const probe = tfl.model({ inputs: model.inputs, outputs });
    return async (x) => {
      const y = probe.predict(x) as tf.Tensor | tf.Tensor[];
      return Array.isArray(y) ? y : [y];
    };
  }
  const model = handle.model;
  const names = points.slice();
  const once = async (x: tf.Tensor): Promise<tf.Tensor[]> => {
    let y: tf.Tensor | tf.Tensor[];
    try {
      y = model.execute(x, names);
    } catch (e) {
      if (!/executeAsync/.test(String((e as Error)?.message))) throw e;
      y = await model.executeAsync(x, names);
    }
    return Array.isArray(y) ? y : [y];
  };
  // A fixed batch (e.g. [1,256,256,3]) runs chunk by chunk (../fixedBatch.ts).
  return (x) => inFixedBatchesAsync(x, fixed, once);
}

/** Capture for one model: runners are kept per set of points (a LayersModel probe costs a graph build). */
export function tfjsCapture(handle: TfjsHandle, fixed: number | null, toTensor: (input: Float32Array, count: number) => tf.Tensor) {
  const runners = new Map<string, Runner>();
  return async (input: Float32Array, count: number, points: readonly string[]): Promise<CapturedTensor[]> => {
    const key = JSON.stringify(points);
    let run = runners.get(key);
    if (!run) {
      run = makeRunner(handle, points, fixed);
      if (runners.size >= 8) runners.clear();
      runners.set(key, run);
    }
    const x = toTensor(input, count);
    let ys: tf.Tensor[] = [];
    try {
      ys = await run(x);
      const out: CapturedTensor[] = [];
      for (const y of ys) out.push({ values: (await y.data()) as Float32Array, shape: y.shape.slice(1), layout: y.shape.length === 4 ? 'NHWC' : y.shape.length === 2 ? 'NC' : 'other' });
      return out;
    } finally {
      x.dispose();
      for (const y of ys) y.dispose();
    }
  };
}
