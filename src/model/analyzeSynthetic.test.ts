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

  it('onWeightsSwept: a valid weights-only preview (the final weight tables, float activations) before the activations, once; none without data', async () => {
    const previews: import('../quant/types').StudioConfig[] = [];
    const stages: string[] = [];
    const c = await analyzeModel(model, {
      data: digits, calibration: 16,
      onProgress: (_d, _t, stage) => { if (stages.at(-1) !== stage) stages.push(stage); },
      onWeightsSwept: (p) => { previews.push(p); stages.push('preview'); },
    });
    expect(previews).toHaveLength(1);
    const p = previews[0];
    // Sent after the weight sweep, before the calibration images run.
    expect(stages.indexOf('preview')).toBeGreaterThan(stages.indexOf('weights'));
    expect(stages.indexOf('preview')).toBeLessThan(stages.indexOf('calibration'));
    expect(p.data).toEqual({ source: 'synthetic', calibration: 0, note: 'weights only so far: the activations of 16 calibration images are being measured' });
    expect(p.layers.map((l) => l.activations.scheme)).toEqual(['float', 'float']);
    expect(p.layers.map((l) => l.sweep?.weights)).toEqual(c.layers.map((l) => l.sweep?.weights));
    expect(p.layers.map((l) => l.sqnr?.weightsDb)).toEqual(c.layers.map((l) => l.sqnr?.weightsDb));
    expect(p.summary.sizeBytes).toBe(c.summary.sizeBytes);
    expect(validateConfig(JSON.parse(configToJson(p))).ok).toBe(true);
    // Without data there is nothing to wait for: no preview.
    let called = 0;
    await analyzeModel(model, { onWeightsSwept: () => { called++; } });
    expect(called).toBe(0);
  });
});
