import { describe, expect, it } from 'vitest';
import type { LayerConfig, StudioConfig } from '../../../quant/types';
import { aimetBlocker, aimetEncoding, aimetFileName, buildAimetEncodings } from './aimetEncodings';

function layer(name: string, weights: Partial<LayerConfig['weights']>, activations: LayerConfig['activations'] = { scheme: 'float', bits: null }): LayerConfig {
  return {
    name, kind: 'conv2d', weightShape: [3, 3, 1, 2], filters: 2, params: 18, macs: 100,
    weights: { scheme: 'fixed', bits: 4, granularity: 'per-tensor', scales: [0.1], ...weights }, activations,
  };
}

const config = (layers: LayerConfig[]): StudioConfig => ({
  format: 'quantization-studio/config', version: 1,
  model: { name: 'demo lenet', hash: 'h', format: 'layers-model', parameters: 1 },
  method: { name: 'manual' }, layers, summary: { averageWeightBits: 4, sizeBytes: 1, bitops: 1 },
});

describe('AIMET encodings', () => {
  it('signed 4-bit, s = 0.1 → strict symmetric: offset −7, min −0.7, max 0.7', () => {
    const e = aimetEncoding(4, 0.1, true);
    expect(e).toMatchObject({ bitwidth: 4, dtype: 'int', is_symmetric: 'True', offset: -7, scale: 0.1 });
    expect(e.min).toBeCloseTo(-0.7, 12);
    expect(e.max).toBeCloseTo(0.7, 12);
    expect(e.min).toBeCloseTo(e.offset * e.scale, 12); // AIMET: min = offset · scale
  });

  it('unsigned 8-bit activations: offset 0, min 0, max 255·s', () => {
    const e = aimetEncoding(8, 0.02, false);
    expect(e).toMatchObject({ is_symmetric: 'False', offset: 0, min: 0 });
    expect(e.max).toBeCloseTo(5.1, 12);
  });

  it('exports per-tensor fixed layers and lists the rest as skipped', () => {
    const c = config([
      layer('conv1', {}, { scheme: 'fixed', bits: 8, signed: false, scale: 0.02 }),
      layer('conv2', { bits: [4, 2], granularity: 'per-filter', scales: [0.1, 0.2] }),
      layer('dense1', { scheme: 'log2' }),
      layer('dense2', { scheme: 'fixed-clip', bits: 3, scales: [0.5] }),
    ]);
    const { encodings, skipped } = buildAimetEncodings(c);
    expect(encodings.version).toBe('0.6.1');
    expect(Object.keys(encodings.param_encodings)).toEqual(['conv1/kernel', 'dense2/kernel']);
    expect(encodings.param_encodings['dense2/kernel'][0]).toMatchObject({ bitwidth: 3, offset: -3, max: 1.5, min: -1.5 });
    expect(Object.keys(encodings.activation_encodings)).toEqual(['conv1']);
    expect(skipped.map((s) => s.layer)).toEqual(['conv2', 'dense1']);
    expect(aimetBlocker(c)).toBeNull();
    expect(aimetFileName(c)).toBe('demo-lenet.encodings.json');
  });

  it('never writes a guessed scale: an edited layer without scales blocks the export', () => {
    const c = config([layer('conv1', { scales: undefined })]);
    expect(buildAimetEncodings(c).encodings.param_encodings).toEqual({});
    expect(aimetBlocker(c)).toMatch(/re-measured/);
    expect(aimetBlocker(config([layer('a', { scheme: 'nlq' })]))).toMatch(/No per-tensor/);
  });
});
