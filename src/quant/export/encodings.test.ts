import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeQuantize } from '../registry';
import { laplace } from '../testing/data';
import type { LayerConfig, StudioConfig, WeightScheme } from '../types';
import { aimet061, aimet100, aimet2, type Aimet100Encoding } from './aimet';
import { encodingsBlocker, writeEncodings, ENCODING_FORMATS } from './formats';
import { activationGrid, weightGrid, type NameLayer } from './grid';
import { tensorQuantOverrides } from './tensorQuantOverrides';

function layer(name: string, weights: Partial<LayerConfig['weights']> = {}, activations: LayerConfig['activations'] = { scheme: 'float', bits: null },
  shape = [3, 3, 1, 2]): LayerConfig {
  const filters = shape[shape.length - 1];
  return {
    name, kind: 'conv2d', weightShape: shape, filters, params: shape.reduce((a, b) => a * b, 1), macs: 100,
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor', scales: [0.1], ...weights }, activations,
  };
}

const config = (layers: LayerConfig[]): StudioConfig => ({
  format: 'quantization-studio/config', version: 1,
  model: { name: 'demo lenet', hash: 'h', format: 'layers-model', parameters: 1 },
  method: { name: 'manual' }, layers, summary: { averageWeightBits: 4, sizeBytes: 1, bitops: 1 },
});

const act8: LayerConfig['activations'] = { scheme: 'fixed', bits: 8, signed: false, scale: 0.02 };

// Structural checks, field by field, against the specs (AIMET encoding_spec, onnxruntime TensorQuantOverridesHelper).
const AIMET2_KEYS = new Set(['name', 'output_dtype', 'y_scale', 'y_zero_point', 'axis', 'block_size']);
const AIMET2_DTYPES = new Set(['int2', 'uint2', 'int4', 'uint4', 'int8', 'uint8', 'int16', 'uint16', 'int32']);
function checkAimet2Entry(e: Record<string, unknown>): void {
  for (const k of Object.keys(e)) expect(AIMET2_KEYS.has(k), `unknown 2.0.0 key ${k}`).toBe(true);
  expect(typeof e.name).toBe('string');
  expect(AIMET2_DTYPES.has(e.output_dtype as string)).toBe(true);
  if (Array.isArray(e.y_scale)) {
    expect(Number.isInteger(e.axis)).toBe(true);
    for (const s of e.y_scale) expect(s).toBeGreaterThan(0);
  } else expect(e.y_scale as number).toBeGreaterThan(0);
}

const AIMET1_KEYS = ['bw', 'dtype', 'enc_type', 'is_sym', 'name', 'offset', 'scale'];
function checkAimet1Entry(e: Aimet100Encoding): void {
  expect(Object.keys(e).sort()).toEqual(AIMET1_KEYS);
  expect(['PER_TENSOR', 'PER_CHANNEL']).toContain(e.enc_type);
  expect(e.dtype).toBe('INT');
  expect(Number.isInteger(e.bw) && e.bw >= 2 && e.bw <= 32).toBe(true);
  expect(typeof e.is_sym).toBe('boolean');
  expect(e.scale.length).toBe(e.offset.length);
  if (e.enc_type === 'PER_TENSOR') expect(e.scale.length).toBe(1);
  for (const o of e.offset) expect(Number.isInteger(o)).toBe(true);
}

describe('integer grids', () => {
  it('fixed 8-bit signed is narrow range ±127; dfp is full range −128…127; unsigned activations 0…255', () => {
    expect(weightGrid(layer('a'))).toMatchObject({ grid: { lo: -127, hi: 127, bits: 8, symmetric: true } });
    expect(weightGrid(layer('a', { scheme: 'dfp', scales: [2 ** -5] }))).toMatchObject({ grid: { lo: -128, hi: 127 } });
    expect(activationGrid(layer('a', {}, act8))).toMatchObject({ grid: { lo: 0, hi: 255, signed: false, scales: [0.02] } });
  });

  it('log, NLQ and differing per-filter widths have no grid; equal per-filter widths are per-channel', () => {
    for (const scheme of ['log2', 'log2-sqrt2', 'nlq'] as WeightScheme[]) expect(weightGrid(layer('a', { scheme }))).toMatchObject({ kind: 'no-grid' });
    expect(weightGrid(layer('a', { bits: [4, 8], granularity: 'per-filter', scales: [0.1, 0.2] }))).toMatchObject({ kind: 'no-grid' });
    expect(weightGrid(layer('a', { bits: [6, 6], granularity: 'per-filter', scales: [0.1, 0.2] }))).toMatchObject({ grid: { bits: 6, perChannel: true, scales: [0.1, 0.2] } });
    expect(activationGrid(layer('a', {}, { scheme: 'log2', bits: 4, scale: 1 }))).toMatchObject({ kind: 'no-grid' });
  });

  it('refuses nonsense instead of writing it', () => {
    expect(weightGrid(layer('a', { scales: [Number.NaN] }))).toMatchObject({ kind: 'malformed' });
    expect(weightGrid(layer('a', { scales: [-0.1] }))).toMatchObject({ kind: 'malformed' });
    expect(weightGrid(layer('a', { granularity: 'per-filter', scales: [0.1] }))).toMatchObject({ kind: 'malformed' });
    expect(weightGrid(layer('a', { bits: 40.5 }))).toMatchObject({ kind: 'malformed' });
    expect(weightGrid(layer('a', { bits: [4, 4, 4], granularity: 'per-filter', scales: [0.1, 0.1] }))).toMatchObject({ kind: 'malformed' });
    expect(weightGrid(layer('a', { scales: undefined }))).toMatchObject({ kind: 'pending' });
    const c = config([layer('a'), layer('b', { scales: [Number.POSITIVE_INFINITY] })]);
    for (const f of ENCODING_FORMATS) {
      expect(encodingsBlocker(c, f.id)).toMatch(/malformed: b weights/);
      expect(() => writeEncodings(c, f.id)).toThrow(/malformed/);
    }
  });

  it('an all-zero filter (scale 0) gets the smallest positive scale of its tensor (its codes are 0)', () => {
    expect(weightGrid(layer('a', { granularity: 'per-filter', scales: [0, 0.3] }))).toMatchObject({ grid: { scales: [0.3, 0.3] } });
  });
});

describe('AIMET encodings', () => {
  const c = config([
    layer('conv1', {}, act8),
    layer('conv2', { bits: 4, granularity: 'per-filter', scales: [0.1, 0.2] }),
    layer('conv3', { bits: [4, 2], granularity: 'per-filter', scales: [0.1, 0.2] }),
    layer('dense1', { scheme: 'log2' }),
    layer('dense2', { scheme: 'fixed-clip', bits: 3, scales: [0.5] }),
    layer('dense3', { scheme: 'dfp', bits: 5, scales: [0.125] }),
    layer('dense4', { bits: 32, scales: undefined }),
  ]);

  it('0.6.1 (legacy): one entry per channel, min = offset·scale, 3 bits left out', () => {
    const { file, skipped } = aimet061(c);
    expect(file.version).toBe('0.6.1');
    expect(Object.keys(file.param_encodings)).toEqual(['conv1/kernel', 'conv2/kernel', 'dense3/kernel']);
    expect(file.param_encodings['conv2/kernel'].map((e) => e.scale)).toEqual([0.1, 0.2]);
    for (const [e] of Object.values(file.param_encodings)) expect(e.min).toBeCloseTo(e.offset * e.scale, 12);
    expect(file.param_encodings['conv1/kernel'][0]).toMatchObject({ bitwidth: 8, offset: -127, is_symmetric: 'True', dtype: 'int' });
    expect(file.param_encodings['dense3/kernel'][0]).toMatchObject({ bitwidth: 5, offset: -16, min: -2, max: 1.875 });
    expect(file.activation_encodings.conv1[0]).toMatchObject({ bitwidth: 8, offset: 0, min: 0, is_symmetric: 'False' });
    expect(skipped.map((s) => s.layer)).toEqual(['conv3', 'dense1', 'dense2']);
  });

  it('1.0.0: lists of {name, enc_type, dtype, bw, is_sym, scale[], offset[]}; scales are the config\'s', () => {
    const { file, skipped } = aimet100(c);
    expect(Object.keys(file).sort()).toEqual(['activation_encodings', 'excluded_layers', 'param_encodings', 'version']);
    expect(file.version).toBe('1.0.0');
    [...file.param_encodings, ...file.activation_encodings].forEach(checkAimet1Entry);
    const byName = new Map(file.param_encodings.map((e) => [e.name, e]));
    expect([...byName.keys()]).toEqual(['conv1/kernel', 'conv2/kernel', 'dense2/kernel', 'dense3/kernel']);
    expect(byName.get('conv2/kernel')).toEqual({ name: 'conv2/kernel', enc_type: 'PER_CHANNEL', dtype: 'INT', bw: 4, is_sym: true, scale: [0.1, 0.2], offset: [-7, -7] });
    expect(byName.get('dense2/kernel')).toMatchObject({ enc_type: 'PER_TENSOR', bw: 3, scale: [0.5], offset: [-3] });
    expect(file.activation_encodings).toEqual([{ name: 'conv1', enc_type: 'PER_TENSOR', dtype: 'INT', bw: 8, is_sym: false, scale: [0.02], offset: [0] }]);
    expect(file.excluded_layers).toEqual(['dense4']);
    expect(skipped.map((s) => s.layer)).toEqual(['conv3', 'dense1']);
    expect(skipped[0].reason).toMatch(/per-filter bit-widths differ.*no integer grid/);
  });

  it('2.0.0: {version, encodings[]} aligned with QuantizeLinear; widths without an ONNX type are left out', () => {
    const { file, skipped } = aimet2(c);
    expect(Object.keys(file).sort()).toEqual(['encodings', 'version']);
    expect(file.version).toBe('2.0.0');
    file.encodings.forEach((e) => checkAimet2Entry(e as unknown as Record<string, unknown>));
    expect(file.encodings).toEqual([
      { name: 'conv1', output_dtype: 'uint8', y_scale: 0.02 },
      { name: 'conv1/kernel', output_dtype: 'int8', y_scale: 0.1 },
      { name: 'conv2/kernel', output_dtype: 'int4', y_scale: [0.1, 0.2], axis: 3 },
    ]);
    expect(skipped.map((s) => s.layer)).toEqual(['conv3', 'dense1', 'dense2', 'dense3']);
    expect(skipped[2].reason).toMatch(/3 bits has no ONNX integer type/);
  });

  it('2.0.0 per-channel needs one filter axis: a depthwise kernel with multiplier 2 is left out, ONNX names use their axis', () => {
    const dw = { ...layer('dw', { bits: 8, granularity: 'per-filter', scales: [0.1, 0.2, 0.3, 0.4] }, undefined, [3, 3, 2, 2]), kind: 'depthwise' as const, filters: 4 };
    expect(aimet2(config([dw])).skipped[0].reason).toMatch(/not one axis/);
    const onnxNames: NameLayer = (l) => ({ weight: `${l.name}.weight`, activation: `/${l.name}/Relu_output_0`, channelAxis: 0 });
    expect(aimet2(config([dw]), onnxNames).file.encodings).toEqual([{ name: 'dw.weight', output_dtype: 'int8', y_scale: [0.1, 0.2, 0.3, 0.4], axis: 0 }]);
  });
});

describe('onnxruntime TensorQuantOverrides', () => {
  it('per-tensor: [{quant_type, scale, zero_point}]; per-channel: one dict per channel, axis in the first', () => {
    const c = config([
      layer('conv1', {}, act8),
      layer('conv2', { bits: 4, granularity: 'per-filter', scales: [0.1, 0.2] }),
      layer('conv3', { bits: 6 }),
    ]);
    const { file, skipped } = tensorQuantOverrides(c);
    expect(file).toEqual({
      'conv1/kernel': [{ quant_type: 'QInt8', scale: 0.1, zero_point: 0 }],
      conv1: [{ quant_type: 'QUInt8', scale: 0.02, zero_point: 0 }],
      'conv2/kernel': [{ quant_type: 'QInt4', scale: 0.1, zero_point: 0, axis: 3 }, { quant_type: 'QInt4', scale: 0.2, zero_point: 0 }],
    });
    expect(skipped).toEqual([{ layer: 'conv3', reason: 'conv3 weights: 6 bits has no onnxruntime QuantType (4, 8 or 16 bits)', kind: 'no-grid' }]);
    // The helper's rules: scale and zero_point together, never with symmetric/reduce_range/rmin/rmax;
    // per-channel lists have one dict per channel along `axis`.
    for (const list of Object.values(file)) {
      for (const d of list) {
        expect('scale' in d && 'zero_point' in d).toBe(true);
        for (const k of ['symmetric', 'reduce_range', 'rmin', 'rmax']) expect(k in d).toBe(false);
      }
      if (list.length > 1) expect(list[0].axis).toBeDefined();
    }
  });
});

describe('encodings reproduce the studio\'s quantized values', () => {
  // For random kernels, every uniform scheme, per tensor and per filter: quantize with the
  // registry, put its scales in a config, write AIMET 1.0.0 and check that every quantized
  // value is (code + offset)·scale... i.e. code·scale in float32 for a code in the encoding's range.
  it('AIMET 1.0.0 scale/offset/bw hold every quantized weight exactly', () => {
    fc.assert(fc.property(
      fc.constantFrom<WeightScheme>('fixed', 'fixed-clip', 'dfp'), fc.integer({ min: 2, max: 8 }), fc.boolean(), fc.integer({ min: 1, max: 1000 }),
      (scheme, bits, perFilter, seed) => {
        const filters = 4;
        const w = laplace(3 * 3 * 2 * filters, 0.1, seed);
        const granularity = perFilter ? 'per-filter' as const : 'per-tensor' as const;
        const q = fakeQuantize(w, scheme, bits, { granularity, filters });
        const l = layer('k', { scheme, bits, granularity, scales: q.params.map((p) => p.scale) }, undefined, [3, 3, 2, filters]);
        const [e] = aimet100(config([l])).file.param_encodings;
        expect(e.bw).toBe(bits);
        expect(e.scale).toEqual(q.params.map((p) => p.scale));
        for (let i = 0; i < w.length; i++) {
          const c = perFilter ? i % filters : 0;
          const code = Math.round(q.values[i] / e.scale[c]);
          expect(code - e.offset[c]).toBeGreaterThanOrEqual(0);
          expect(code - e.offset[c]).toBeLessThanOrEqual(2 ** bits - 1);
          expect(Math.fround(code * e.scale[c])).toBe(q.values[i]);
        }
      }), { numRuns: 60 });
  });
});

describe('export blockers', () => {
  it('a config whose every layer is log/NLQ has nothing to write, and says why', () => {
    const c = config([layer('a', { scheme: 'nlq' })]);
    for (const f of ENCODING_FORMATS) expect(encodingsBlocker(c, f.id)).toMatch(/No tensor of this config fits .*nlq levels are not evenly spaced/);
    expect(encodingsBlocker(config([layer('a', { scales: undefined })]), 'aimet-2')).toMatch(/re-measured/);
    expect(encodingsBlocker(null, 'aimet-2')).toBe('Load a model first');
  });

  it('writes JSON text with the format\'s file name', () => {
    const w = writeEncodings(config([layer('conv1', {}, act8)]), 'aimet-2');
    expect(w.fileName).toBe('demo-lenet.aimet-2.0.0.encodings.json');
    expect(JSON.parse(w.text)).toMatchObject({ version: '2.0.0' });
    expect(w.count).toBe(2);
  });
});
