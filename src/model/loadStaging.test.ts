/**
 * loadPreparedModel({stageOnCpu}) on the wasm backend: the model is built with the cpu
 * backend current (its weights wait in JS arrays, not in the wasm heap), the wasm backend is
 * current again afterwards, and the first run moves each weight into wasm, computing exactly
 * what a model built on wasm computes.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, type FileMap } from '../../scripts/make-graph-fixture';
import { loadPreparedModel, prepareModelFiles } from './load';

let fx: Record<string, FileMap>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await buildFixtures();
  setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  const { log, warn } = console;
  console.log = console.warn = () => {};
  try {
    expect(await tf.setBackend('wasm')).toBe(true);
  } finally {
    Object.assign(console, { log, warn });
  }
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Which backend holds a tensor's values (tfjs's engine bookkeeping; test-only peek). */
function holder(t: tf.Tensor): string {
  const info = (tf.engine() as unknown as { state: { tensorInfo: { get(id: object): { backend: tf.KernelBackend } } } })
    .state.tensorInfo.get(t.dataId);
  return info.backend === tf.findBackend('wasm') ? 'wasm' : info.backend === tf.findBackend('cpu') ? 'cpu' : 'other';
}

describe('loadPreparedModel stageOnCpu', () => {
  it.each(['layers-float32', 'graph-float32'])('%s: built on cpu, run on wasm, same outputs as built on wasm', async (fixture) => {
    const staged = await loadPreparedModel(await prepareModelFiles(fx[fixture]), { stageOnCpu: true });
    expect(tf.getBackend()).toBe('wasm');
    const plain = await loadPreparedModel(await prepareModelFiles(fx[fixture]));
    const weights = (m: typeof staged): tf.Tensor[] => (m.format === 'layers-model'
      ? (m.model as { weights: { read(): tf.Tensor }[] }).weights.map((w) => w.read())
      : Object.values((m.model as { weights: Record<string, tf.Tensor[]> }).weights).flat());
    if (fixture === 'layers-float32') {
      expect(new Set(weights(staged).map(holder))).toEqual(new Set(['cpu']));
    }
    expect(new Set(weights(plain).map(holder))).toEqual(new Set(['wasm']));
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 9);
    const [a, b] = [staged.predict(x), plain.predict(x)];
    expect(holder(a)).toBe('wasm');
    expect(a.dataSync()).toEqual(b.dataSync());
    // Moved by the run (a graph's int32 shape constants are read on the CPU by their ops: they may stay).
    const kernels = weights(staged).filter((t) => t.dtype === 'float32' && t.rank >= 2);
    expect(kernels.length).toBeGreaterThanOrEqual(3);
    expect(new Set(kernels.map(holder))).toEqual(new Set(['wasm']));
    tf.dispose([x, a, b]);
    staged.dispose();
    plain.dispose();
  });
});
