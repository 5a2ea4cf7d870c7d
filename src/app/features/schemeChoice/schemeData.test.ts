import { describe, expect, it } from 'vitest';
import type { LayerConfig } from '../../../quant/types';
import { barData, comparisonBits, curvePoints, mxqnPick, schemeFamily, schemeRows } from './schemeData';

function layer(over: Partial<LayerConfig> = {}): LayerConfig {
  return {
    name: 'conv1', kind: 'conv2d', weightShape: [3, 3, 1, 4], filters: 4, params: 36, macs: 1000,
    weights: { scheme: 'fixed', bits: 4, granularity: 'per-tensor' },
    activations: { scheme: 'log2', bits: 3 },
    sweep: {
      weights: {
        fixed: { '2': 1.5, '3': 8, '4': 14.2, '5': 20, '6': 26, '7': 32, '8': 'Infinity' },
        log2: { '2': 3, '3': 9, '4': 12, '8': 13 },
        'log2-sqrt2': { '4': 13.9 },
        dfp: { '4': 12 },
      },
      weightsPerFilter: {},
      activations: { fixed: { '3': 7.5 }, log2: { '3': 11 }, 'log2-sqrt2': { '3': null } },
    },
    ...over,
  };
}

describe('comparisonBits', () => {
  it('uses the layer bits, the per-filter mean, or 8 for float activations', () => {
    expect(comparisonBits(layer(), 'weights')).toEqual({ bits: 4, note: '' });
    const pf = layer({ weights: { scheme: 'fixed', bits: [2, 4, 4, 5], granularity: 'per-filter' } });
    expect(comparisonBits(pf, 'weights')).toEqual({ bits: 4, note: '≈ mean of per-filter bits' });
    expect(comparisonBits(layer(), 'activations')).toEqual({ bits: 3, note: '' });
    const fl = layer({ activations: { scheme: 'float', bits: null } });
    expect(comparisonBits(fl, 'activations').bits).toBe(8);
    expect(comparisonBits(layer(), 'weights', 6)).toEqual({ bits: 6, note: '' });
  });
});

describe('mxqnPick', () => {
  it('picks the highest SQNR, lossless first, ties to fixed, nulls never', () => {
    expect(mxqnPick({ fixed: 12.1, log2: 14.9, 'log2-sqrt2': 13 })).toBe('log2');
    expect(mxqnPick({ fixed: 40, log2: Infinity })).toBe('log2');
    expect(mxqnPick({ fixed: 10, log2: 10 })).toBe('fixed');
    expect(mxqnPick({ fixed: null, log2: -2 })).toBe('log2');
    expect(mxqnPick({ fixed: null, log2: NaN })).toBeNull();
    expect(mxqnPick({})).toBeNull();
    expect(schemeFamily('log2-sqrt2')).toBe('log');
    expect(schemeFamily('dfp')).toBe('fixed');
  });
});

describe('schemeRows', () => {
  it('reads the sweep at the current bits and labels the pick', () => {
    const [w] = schemeRows([layer()], 'weights');
    expect(w.sqnr).toEqual({ fixed: 14.2, log2: 12, 'log2-sqrt2': 13.9 });
    expect(w.pick).toBe('fixed');
    expect(w.pickLabel).toBe('best: fixed');
    expect(w.chosen).toBe('fixed');
    const [a] = schemeRows([layer()], 'activations');
    expect(a.sqnr).toEqual({ fixed: 7.5, log2: 11, 'log2-sqrt2': null });
    expect(a.pickLabel).toBe('MXQN picks log');
    expect(a.chosen).toBe('log2');
  });
  it('leaves schemes without that bit-width out, and says when nothing was swept', () => {
    const [w8] = schemeRows([layer()], 'weights', 8);
    expect(w8.sqnr).toEqual({ fixed: Infinity, log2: 13 });
    expect(w8.pick).toBe('fixed');
    const [none] = schemeRows([layer({ sweep: undefined })], 'activations');
    expect(none.pick).toBeNull();
    expect(none.pickLabel).toBe('no sweep');
  });
  it('draws lossless at the cap and never produces NaN', () => {
    const rows = schemeRows([layer()], 'weights', 8);
    const [d] = barData(rows, 60);
    expect(d.fixed).toBe(60);
    expect(d.log2).toBe(13);
    expect(d['log2-sqrt2']).toBeNull();
  });
});

describe('curvePoints', () => {
  it('gives every swept scheme a value per bit-width 2..8, null where missing', () => {
    const { schemes, points } = curvePoints(layer(), 'weights', 50);
    expect(schemes).toEqual(['fixed', 'dfp', 'log2', 'log2-sqrt2']);
    expect(points.map((p) => p.bits)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(points[6].values.fixed).toBe(50);
    expect(points[6].raw.fixed).toBe(Infinity);
    expect(points[3].values.log2).toBeNull();
    for (const p of points) for (const v of Object.values(p.values)) expect(Number.isNaN(v)).toBe(false);
    expect(curvePoints(layer({ sweep: undefined }), 'weights', 50)).toEqual({ schemes: [], points: [] });
  });
});
