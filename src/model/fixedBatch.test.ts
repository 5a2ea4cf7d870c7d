import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphModelFiles } from '../../scripts/make-graph-fixture';
import { uniformConfig } from '../quant/methods/uniform';
import { analyzeModel } from './analyze';
import { evaluateConfig } from './evaluate';
import { chunksOf, fixedBatchOf, inFixedBatches, inFixedBatchesAsync } from './fixedBatch';
import { loadModelFromFiles } from './load';
import { demoData, useWasm } from './testingHelpers';

beforeAll(async () => {
  await useWasm();
});

describe('fixedBatchOf / chunksOf', () => {
  it('reads a positive first dimension only', () => {
    expect(fixedBatchOf([1, 256, 256, 3])).toBe(1);
    expect(fixedBatchOf([4, 8])).toBe(4);
    expect(fixedBatchOf([null, 28, 28, 1])).toBeNull();
    expect(fixedBatchOf([])).toBeNull();
  });
  it('cuts n rows into chunks of the fixed size, the last short', () => {
    expect(chunksOf(7, 3)).toEqual([{ start: 0, rows: 3 }, { start: 3, rows: 3 }, { start: 6, rows: 1 }]);
    expect(chunksOf(2, 1)).toEqual([{ start: 0, rows: 1 }, { start: 1, rows: 1 }]);
  });
});

describe('inFixedBatches', () => {
  it('runs exactly the fixed batch each time and returns the rows in order, padding dropped', () => {
    const seen: number[] = [];
    const x = tf.tensor2d([[1], [2], [3], [4], [5]]);
    const before = tf.memory().numTensors;
    const [y] = inFixedBatches(x, 2, (b) => {
      seen.push(b.shape[0]);
      return [tf.tidy(() => tf.mul(b, tf.scalar(10)))];
    });
    expect(seen).toEqual([2, 2, 2]);
    expect(Array.from(y.dataSync())).toEqual([10, 20, 30, 40, 50]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
  it('passes a batch of the fixed size (or no fixed size) straight through', () => {
    const x = tf.ones([3, 2]);
    let calls = 0;
    const run = (b: tf.Tensor) => { calls++; return [b]; };
    expect(inFixedBatches(x, null, run)[0]).toBe(x);
    expect(inFixedBatches(x, 3, run)[0]).toBe(x);
    expect(calls).toBe(2);
    x.dispose();
  });
  it('runs the same chunks through the async entry point', async () => {
    const seen: number[] = [];
    const x = tf.tensor2d([[1], [2], [3]]);
    const before = tf.memory().numTensors;
    const [y] = await inFixedBatchesAsync(x, 2, async (b) => {
      seen.push(b.shape[0]);
      await Promise.resolve();
      return [tf.tidy(() => tf.add(b, tf.scalar(1)))];
    });
    expect(seen).toEqual([2, 2]);
    expect(Array.from(y.dataSync())).toEqual([2, 3, 4]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
  it('rethrows a failing chunk and leaks no tensor, sync and async', async () => {
    const x = tf.tensor2d([[1], [2], [3], [4], [5]]);
    const before = tf.memory().numTensors;
    const failThird = () => {
      let calls = 0;
      return (b: tf.Tensor) => {
        if (++calls === 3) throw new Error('chunk 3 failed');
        return [tf.tidy(() => tf.mul(b, tf.scalar(2)))];
      };
    };
    expect(() => inFixedBatches(x, 2, failThird())).toThrow('chunk 3 failed');
    expect(tf.memory().numTensors).toBe(before);
    const run = failThird();
    await expect(inFixedBatchesAsync(x, 2, async (b) => run(b))).rejects.toThrow('chunk 3 failed');
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('a GraphModel with a fixed batch of 1 and scoped names', () => {
  it('is analysed and evaluated on many images, with the same figures as the same model with a free batch', async () => {
    const data = demoData(40);
    const figures = [];
    for (const batch of [undefined, 1]) {
      const loaded = await loadModelFromFiles(graphModelFiles('float32', { batch, scope: 'StatefulPartitionedCall/model_1/' }));
      expect(loaded.input.shape[0]).toBe(batch ?? null);
      expect(loaded.layers.map((l) => l.name)).toEqual(['conv1', 'dw1', 'fc1'].map((n) => `StatefulPartitionedCall/model_1/${n}`));
      const base = await analyzeModel(loaded, { data: { images: data.images, count: data.count, shape: [28, 28, 1] }, calibration: 16 });
      const r = await evaluateConfig(loaded, data, uniformConfig({ base, weights: loaded.layers.map((l) => l.weights) }, 4), { batchSize: 16 });
      figures.push(r.full);
      loaded.dispose();
    }
    expect(figures[1]).toEqual(figures[0]);
    expect(figures[1]!.agreement).toBeGreaterThan(0);
  });
});
