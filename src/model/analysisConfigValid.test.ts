import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { layersModelFiles } from '../../scripts/make-graph-fixture';
import { configToJson } from '../quant/config/json';
import { validateConfig } from '../quant/config/restore';
import { WEIGHT_SCHEMES, type StudioConfig } from '../quant/types';
import { analyzeModel } from './analyze';
import { loadModelFromFiles } from './load';

let analysis: StudioConfig;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const m = await loadModelFromFiles(await layersModelFiles('float32'));
  const images = Float32Array.from({ length: 8 * 784 }, (_, i) => (i % 7) / 7);
  analysis = await analyzeModel(m, { data: { images, count: 8, shape: [28, 28, 1], source: 'test' }, calibration: 8 });
  m.dispose();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break configs in arbitrary ways
type Raw = any;
const edited = (edit: (c: Raw) => void) => {
  const c = JSON.parse(configToJson(analysis));
  edit(c);
  return c;
};

describe('the config validator on a real analysis config', () => {
  it('accepts the analysis config with its full sweep, and restores it unchanged', () => {
    const text = configToJson(analysis);
    const v = validateConfig(JSON.parse(text));
    if (!v.ok) throw new Error(v.errors.join('; '));
    expect(configToJson(v.config)).toBe(text);
    const l = analysis.layers[0];
    expect(Object.keys(l.sweep!.weights)).toEqual([...WEIGHT_SCHEMES]);
    expect(Object.keys(l.sweep!.weights.fixed!)).toEqual(['2', '3', '4', '5', '6', '7', '8']);
    expect(l.sweep!.weightsPerFilter.fixed!['4']).toHaveLength(l.filters);
    expect(l.activations).toMatchObject({ scheme: 'fixed', bits: 8 });
  });

  it('accepts per-filter bit arrays and float (32-bit) layers', () => {
    const v = validateConfig(edited((c) => {
      c.layers[0].weights = { scheme: 'log2', bits: [2, 3, 4, 8], granularity: 'per-filter', scales: [1, 1, 1, 1] };
      c.layers[1].weights = { scheme: 'fixed', bits: 32, granularity: 'per-tensor' };
      c.layers[2].activations = { scheme: 'float', bits: null };
    }));
    expect(v.ok).toBe(true);
  });

  it.each([
    ['an unknown weight scheme', (c: Raw) => { c.layers[0].weights.scheme = 'ternary'; }, /^layers\[0\]\.weights\.scheme: unknown value "ternary"/],
    ['an unknown activation scheme', (c: Raw) => { c.layers[0].activations.scheme = 'nlq'; }, /^layers\[0\]\.activations\.scheme/],
    ['weight bits 0', (c: Raw) => { c.layers[0].weights.bits = 0; }, /^layers\[0\]\.weights\.bits: expected an integer 2\.\.16, or 32 for float, got 0/],
    ['weight bits 1 (no quantizer takes it)', (c: Raw) => { c.layers[0].weights.bits = 1; }, /^layers\[0\]\.weights\.bits: expected an integer 2\.\.16/],
    ['weight bits 17', (c: Raw) => { c.layers[0].weights.bits = 17; }, /^layers\[0\]\.weights\.bits: expected an integer 2\.\.16, or 32 for float, got 17/],
    ['a per-filter bit of 0', (c: Raw) => { c.layers[0].weights = { scheme: 'fixed', bits: [0, 4, 4, 4], granularity: 'per-filter' }; }, /^layers\[0\]\.weights\.bits\[0\]: expected an integer 2\.\.16/],
    ['activation bits 1', (c: Raw) => { c.layers[0].activations.bits = 1; }, /^layers\[0\]\.activations\.bits: 1 is outside 2\.\.16/],
    ['bits for float activations', (c: Raw) => { c.layers[0].activations = { scheme: 'float', bits: 8 }; }, /activations\.bits: expected null for float activations/],
    ['a NaN-ish SQNR string', (c: Raw) => { c.layers[0].sqnr.weightsDb = 'NaN'; }, /^layers\[0\]\.sqnr\.weightsDb: expected an SQNR/],
    ['a wrong per-filter length', (c: Raw) => { c.layers[0].weights = { scheme: 'fixed', bits: [4, 4], granularity: 'per-filter' }; }, /2 per-filter bit-widths for 4 filters/],
    ['another format', (c: Raw) => { c.format = 'other'; }, /^format: expected "quantization-studio\/config"/],
  ])('rejects %s', (_n, edit, re) => {
    const v = validateConfig(edited(edit));
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors[0]).toMatch(re);
      expect(v.errors[0]).not.toContain('\n');
    }
  });
});
