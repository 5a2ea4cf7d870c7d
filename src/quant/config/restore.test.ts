import { describe, expect, it } from 'vitest';
import type { LayerConfig, StudioConfig } from '../types';
import { configToJson } from './json';
import { checkConfigSemantics, ConfigError, restoreConfig } from './restore';
import { costConfig, layerInputBits, summarizeLayers } from './summary';

function layer(over: Partial<LayerConfig> = {}): LayerConfig {
  return {
    name: 'conv1', kind: 'conv2d', weightShape: [10, 10, 1, 10], filters: 10, params: 1000, macs: 50_000,
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor' },
    activations: { scheme: 'fixed', bits: 8 },
    ...over,
  };
}

function config(layers: LayerConfig[] = [layer()]): StudioConfig {
  return costConfig({
    format: 'quantization-studio/config', version: 1,
    model: { name: 'm', hash: 'a'.repeat(64), format: 'layers-model', parameters: 1010 },
    method: { name: 'analysis' }, layers, summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  });
}

describe('summarizeLayers', () => {
  it('worked example of the doc comment', () => {
    expect(summarizeLayers([layer()])).toEqual({
      averageWeightBits: 8, sizeBytes: 1004, bitops: 3.2e6, floatSizeBytes: 4000, floatBitops: 5.12e7,
    });
  });

  it('weights averaged by params; a float input counts 32 bits; 32-bit weights are float without scales', () => {
    const s = summarizeLayers([
      layer({ params: 100, weightShape: [100, 1], filters: 1, macs: 10 }),
      layer({ name: 'b', params: 300, weightShape: [300, 1], filters: 1, macs: 10, weights: { scheme: 'fixed', bits: 4, granularity: 'per-tensor' }, activations: { scheme: 'float', bits: null } }),
      layer({ name: 'c', params: 10, weightShape: [10, 1], filters: 1, macs: 0, weights: { scheme: 'fixed', bits: 32, granularity: 'per-tensor' } }),
    ]);
    expect(s.averageWeightBits).toBeCloseTo((800 + 1200 + 320) / 410, 12);
    // a is fed by the 8-bit network input, b by a (A8), c by b (float) but has no MACs
    expect(s.bitops).toBe(10 * 8 * 8 + 10 * 4 * 8);
    expect(s.sizeBytes).toBe((800 + 32 + 1200 + 32 + 320) / 8);
  });
});

describe('inputBits', () => {
  const acts = (bits: number | null) => (bits === null ? { scheme: 'float' as const, bits: null } : { scheme: 'fixed' as const, bits });
  it('is the producer\'s activation bits, the widest of several, the network input\'s for −1', () => {
    const ls = [
      layer({ activations: acts(4), producers: [-1] }),
      layer({ name: 'b', activations: acts(6), producers: [0] }),
      layer({ name: 'c', activations: acts(null), producers: [0, 1] }),
      layer({ name: 'd', activations: acts(3), producers: [2] }),
    ];
    expect(layerInputBits(ls)).toEqual([8, 4, 6, 32]);
    expect(layerInputBits(ls, 32)).toEqual([32, 4, 6, 32]);
    // BitOPs = Σ MACs · b_w · inputBits, each layer 50,000 MACs at 8-bit weights
    expect(summarizeLayers(ls).bitops).toBe(50_000 * 8 * (8 + 4 + 6 + 32));
  });
  it('reads a config without producers as a chain', () => {
    const ls = [layer({ activations: acts(4) }), layer({ name: 'b', activations: acts(2) }), layer({ name: 'c' })];
    expect(layerInputBits(ls, 8)).toEqual([8, 4, 2]);
  });
  it('per-filter bits: Σ_f (MACs / filters) · b_f · inputBits', () => {
    const l = layer({ weights: { scheme: 'fixed', bits: [2, 2, 2, 2, 2, 8, 8, 8, 8, 8], granularity: 'per-filter' } });
    expect(summarizeLayers([l]).bitops).toBe(5 * 5000 * 2 * 8 + 5 * 5000 * 8 * 8);
  });
  it('restoring recomputes inputBits and the cost figures, whatever the file says', () => {
    const raw = JSON.parse(configToJson(config([layer({ activations: acts(4) }), layer({ name: 'b' })])));
    raw.layers[1].inputBits = 7;
    raw.summary.bitops = 1;
    raw.summary.sizeBytes = 1;
    raw.inputBits = 6;
    const c = restoreConfig(raw);
    expect(c.layers.map((l) => l.inputBits)).toEqual([6, 4]);
    expect(c.summary.bitops).toBe(50_000 * 8 * 6 + 50_000 * 8 * 4);
    expect(c.summary.sizeBytes).toBe(2 * 1004);
  });
  it('rejects a producer that is not a layer', () => {
    const raw = JSON.parse(configToJson(config()));
    raw.layers[0].producers = [3];
    expect(() => restoreConfig(raw)).toThrow(/producer 3 is not a layer index/);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break configs in arbitrary ways
type Raw = any;

describe('restoreConfig', () => {
  it('round-trips a config through JSON unchanged', () => {
    const c = config([layer({ sqnr: { weightsDb: 'Infinity', activationsDb: null }, sweep: { weights: { fixed: { 8: 40.1 } }, weightsPerFilter: {} } })]);
    expect(restoreConfig(JSON.parse(configToJson(c)))).toEqual(c);
  });

  it('fills defaults and drops unknown fields', () => {
    const raw = JSON.parse(configToJson(config()));
    delete raw.layers[0].weights.granularity;
    raw.layers[0].weights.bits = [4, 4, 4, 4, 4, 8, 8, 8, 8, 8];
    delete raw.layers[0].activations;
    delete raw.summary;
    delete raw.method;
    raw.extra = { evil: true };
    const c = restoreConfig(raw);
    expect(c.layers[0].weights.granularity).toBe('per-filter');
    expect(c.layers[0].activations).toEqual({ scheme: 'float', bits: null });
    expect(c.method).toEqual({ name: 'imported' });
    expect(c.summary.averageWeightBits).toBe(6);
    expect('extra' in c).toBe(false);
  });

  it.each([
    ['unknown scheme', (r: Raw) => { r.layers[0].weights.scheme = 'int4'; }, /layers\[0\]\.weights\.scheme: unknown value "int4"/],
    ['bits out of range', (r: Raw) => { r.layers[0].weights.bits = 17; }, /layers\[0\]\.weights\.bits: expected an integer 2\.\.16, or 32 for float, got 17/],
    ['activation bits out of range', (r: Raw) => { r.layers[0].activations.bits = 1; }, /activations\.bits: 1 is outside 2\.\.16/],
    ['per-filter length', (r: Raw) => { r.layers[0].weights.bits = [4, 4]; r.layers[0].weights.granularity = 'per-filter'; }, /2 per-filter bit-widths for 10 filters/],
    ['params vs shape', (r: Raw) => { r.layers[0].params = 999; }, /params 999 ≠ product of weightShape 1000/],
    ['version', (r: Raw) => { r.version = 2; }, /^version: unsupported version 2/],
    ['hash', (r: Raw) => { r.model.hash = 'xyz'; }, /model\.hash/],
  ])('rejects %s', (_name, edit, re) => {
    const raw = JSON.parse(configToJson(config()));
    edit(raw);
    expect(() => restoreConfig(raw)).toThrow(ConfigError);
    expect(() => restoreConfig(raw)).toThrow(re);
  });

  it('keeps every evaluated figure, floatAccuracy included', () => {
    const c = config();
    c.summary = { ...c.summary, accuracy: 0.9, floatAccuracy: 0.95, weightOnlyAccuracy: null, agreement: 0.97, outputSqnrDb: 'Infinity', outputCosine: 0.9987, evaluatedOn: 'demo' };
    expect(restoreConfig(JSON.parse(configToJson(c))).summary).toEqual(c.summary);
    const unmeasured = JSON.parse(configToJson(c));
    unmeasured.summary.outputCosine = null;
    expect(restoreConfig(unmeasured).summary.outputCosine).toBeNull();
    const bad = JSON.parse(configToJson(c));
    bad.summary.outputCosine = 1.5;
    expect(() => restoreConfig(bad)).toThrow(/summary\.outputCosine/);
  });

  it('refuses 1-bit weights and sweep keys, as the quantizers do (bits.ts)', () => {
    const raw = JSON.parse(configToJson(config()));
    raw.layers[0].weights.bits = 1;
    expect(() => restoreConfig(raw)).toThrow(/weights\.bits: expected an integer 2\.\.16, or 32 for float, got 1$/);
    const sweep = JSON.parse(configToJson(config([layer({ sweep: { weights: { fixed: { 1: 3 } }, weightsPerFilter: {} } })])));
    expect(() => restoreConfig(sweep)).toThrow(/bad bit-width key "1"/);
  });

  it('checkConfigSemantics names duplicate layers and scale counts', () => {
    const c = config([layer({ weights: { scheme: 'fixed', bits: 8, granularity: 'per-filter', scales: [1] } }), layer()]);
    expect(checkConfigSemantics(c)).toEqual([
      'layers[0] (conv1): 1 scales for granularity per-filter (10 expected)',
      'layers[1] (conv1): layer name used twice',
    ]);
  });
});

describe('configToJson', () => {
  it('never writes NaN or Infinity, keeps number arrays on one line', () => {
    const c = config([layer({ importance: [NaN, Infinity, -Infinity, 1.5] })]);
    const text = configToJson(c);
    expect(text).toContain('"importance": [null, "Infinity", null, 1.5]');
    expect(text).not.toMatch(/NaN|[^"]Infinity/);
    expect(JSON.parse(text).layers[0].weightShape).toEqual([10, 10, 1, 10]);
  });
});
