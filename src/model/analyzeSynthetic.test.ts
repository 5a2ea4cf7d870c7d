/**
 * A model whose input matches no data (here [8,8,3] next to the 28×28×1 digits) still gets
 * its activation sweep: on seeded synthetic inputs of its own shape, and config.data says so.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeModel } from './analyze';
import { validateConfig } from '../quant/config/restore';
import { loadModelFromFiles } from './load';
import { syntheticInputs } from './synthetic';
import { rgbModelFiles } from './syntheticFixture';
import { configToJson } from '../quant/config/json';
import type { LoadedModel } from './types';

let model: LoadedModel;
const digits = { images: new Float32Array(5 * 784).fill(0.5), count: 5, shape: [28, 28, 1], source: 'demo:mnist' };

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = await loadModelFromFiles(await rgbModelFiles(), { name: 'rgb' });
});

describe('synthetic calibration', () => {
  it('is seeded: the same batch every time, uniform in [0, 1)', () => {
    const a = syntheticInputs([8, 8, 3], 4);
    expect(a).toEqual(syntheticInputs([8, 8, 3], 4));
    expect(a.length).toBe(768);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
  });

  it('a [8,8,3] model next to the digits: activations swept on N synthetic inputs, data says which', async () => {
    const c = await analyzeModel(model, { data: digits, calibration: 16 });
    expect(c.data).toEqual({
      source: 'synthetic', calibration: 16,
      note: 'no data matches input [8,8,3]; activations and fidelity measured on 16 synthetic inputs (uniform 0..1)',
    });
    expect(c.layers.map((l) => l.activations.scheme)).toEqual(['fixed', 'fixed']);
    for (const l of c.layers) expect(l.sweep?.activations?.fixed?.['8']).toEqual(expect.any(Number));
    expect(validateConfig(JSON.parse(configToJson(c))).ok).toBe(true);
    const again = await analyzeModel(model, { data: digits, calibration: 16 });
    expect(again.layers.map((l) => l.sweep?.activations)).toEqual(c.layers.map((l) => l.sweep?.activations));
  });

  it('defaults to 64 synthetic inputs; synthetic: false keeps the weights-only fallback; no data stays weights only', async () => {
    expect((await analyzeModel(model, { data: digits })).data?.calibration).toBe(64);
    const off = await analyzeModel(model, { data: digits, synthetic: false });
    expect(off.data?.note).toMatch(/^weights only: data has 784 values per example/);
    expect((await analyzeModel(model)).data).toEqual({ source: 'none', calibration: 0, note: 'weights only: no calibration data given' });
  });
});
