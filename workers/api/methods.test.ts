/**
 * The worker's analysis and methods APIs on the real LeNet demo (tfjs CPU backend, no
 * comlink): an analysis is stored under its id, a method started from that id answers
 * without sweep tables, and a method naming an analysis the worker does not hold (a worker
 * restarted after a cancel) computes it and stores it under the options it names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFromFiles } from '../../src/model/load';
import { ROOT } from '../../src/model/testingHelpers';
import { mulberry32 } from '../../src/quant/random';
import { session } from '../session';
import { analysisApi } from './analysis';
import { methodsApi } from './methods';

beforeAll(async () => {
  await tf.setBackend('cpu');
  const dir = join(ROOT, 'public/models/lenet');
  const files = new Map(['model.json', 'group1-shard1of1.bin'].map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
  session.model = await loadModelFromFiles(files);
  const count = 16;
  const random = mulberry32(5);
  const images = Float32Array.from({ length: count * 28 * 28 }, () => random());
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  session.data = {
    summary: { source: 'images', count, labeled: true, classes: [...'0123456789'], key: 'images:test' },
    images, labels, count, sampleShape: [28, 28, 1],
  };
});

afterAll(() => {
  session.model?.dispose();
  session.model = null;
  session.data = null;
});

describe('worker analyses by id', () => {
  it('analyze stores the analysis under its id; a repeat is answered from the cache', async () => {
    const first = await analysisApi.analyze({ calibration: 0 });
    expect(first.cached).toBe(false);
    expect(first.weightSweep.path).toBe('cpu');
    expect(first.wire.chunks.reduce((a, c) => a + c.length, 0)).toBeGreaterThan(1000);
    const again = await analysisApi.analyze({ calibration: 0 });
    expect(again).toMatchObject({ id: first.id, cached: true });
    expect(again.wire.chunks[0]).not.toBe(first.wire.chunks[0]);
    expect([...again.wire.chunks[0]]).toEqual([...first.wire.chunks[0]]);
  });

  it('a method named by analysis id answers without sweep tables; evaluate does too', async () => {
    const { id } = await analysisApi.analyze({ calibration: 0 });
    const result = await methodsApi.runMethod('uniform', 4, undefined, undefined, { id, opts: { calibration: 0 } });
    expect(result.layers.map((l) => l.weights.bits)).toEqual(result.layers.map(() => 4));
    expect(result.layers.some((l) => 'sweep' in l)).toBe(false);
    expect(result.summary.accuracy).toBeTypeOf('number');
    const evaluated = await methodsApi.evaluate(result, undefined, { passes: 'full' });
    expect(evaluated.layers.some((l) => 'sweep' in l)).toBe(false);
  });

  it('an id the worker does not hold: the analysis of the named options is computed and stored', async () => {
    const opts = { calibration: 0, gpuSweep: 'off' as const };
    const result = await methodsApi.runMethod('uniform', 6, undefined, undefined, { id: 'analysis-lost-in-a-restart', opts });
    expect(result.layers.map((l) => l.weights.bits)).toEqual(result.layers.map(() => 6));
    // The miss stored it: analysing with those options is now a cache hit.
    expect((await analysisApi.analyze(opts)).cached).toBe(true);
  });
});
