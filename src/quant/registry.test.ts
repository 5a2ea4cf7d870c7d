import { describe, expect, it } from 'vitest';
import { fakeQuantize, getQuantizer, QUANTIZERS } from './registry';
import { normal } from './testing/data';
import { WEIGHT_SCHEMES, ACTIVATION_SCHEMES } from './types';

describe('registry', () => {
  it('has one quantizer per JSON scheme name, keyed by it', () => {
    expect(Object.keys(QUANTIZERS).sort()).toEqual([...WEIGHT_SCHEMES].sort());
    for (const k of WEIGHT_SCHEMES) expect(getQuantizer(k).key).toBe(k);
    for (const k of ACTIVATION_SCHEMES) expect(getQuantizer(k).key).toBe(k);
  });
  it('rejects unknown keys', () => {
    expect(() => getQuantizer('int4')).toThrow('unknown scheme "int4"');
    expect(() => getQuantizer('toString')).toThrow('unknown scheme "toString"');
  });
});

describe('fakeQuantize', () => {
  const filters = 4;
  const x = normal(64 * filters, 1, 4);
  for (let i = 0; i < x.length; i++) x[i] *= 1 + (i % filters); // filters of different ranges

  it('per tensor equals calibrate + apply', () => {
    const { values, params } = fakeQuantize(x, 'fixed', 4);
    expect(params).toHaveLength(1);
    expect(Array.from(values)).toEqual(Array.from(QUANTIZERS.fixed.apply(x, params[0])));
  });
  it('per filter quantizes element i with filter i % filters', () => {
    const { values, params } = fakeQuantize(x, 'fixed', [2, 4, 6, 8], { granularity: 'per-filter', filters });
    expect(params.map((p) => p.bits)).toEqual([2, 4, 6, 8]);
    for (let f = 0; f < filters; f++) {
      const sub = x.filter((_, i) => i % filters === f);
      const q = QUANTIZERS.fixed.apply(sub, QUANTIZERS.fixed.calibrate(sub, 2 + 2 * f, { signed: true }));
      expect(Array.from(values.filter((_, i) => i % filters === f))).toEqual(Array.from(q));
    }
    expect(params[3].scale).toBeGreaterThan(params[0].scale / 100);
  });
  it('reuses given params without calibrating', () => {
    const first = fakeQuantize(x, 'log2-sqrt2', 4, { granularity: 'per-filter', filters });
    const again = fakeQuantize(x, 'log2-sqrt2', 4, { granularity: 'per-filter', filters, params: first.params });
    expect(Array.from(again.values)).toEqual(Array.from(first.values));
  });
  it('decides signedness once per tensor', () => {
    const y = new Float32Array([1, -1, 2, -2, 3, 1]); // filter 0 is all positive, filter 1 is not
    const { params } = fakeQuantize(y, 'fixed', 4, { granularity: 'per-filter', filters: 2 });
    expect(params.map((p) => p.signed)).toEqual([true, true]);
    expect(fakeQuantize(new Float32Array([0, 1]), 'fixed', 4).params[0].signed).toBe(false);
  });
  it('rejects bad shapes and inputs with clear messages', () => {
    expect(() => fakeQuantize(x, 'fixed', 4, { granularity: 'per-filter' })).toThrow('needs `filters`');
    expect(() => fakeQuantize(x, 'fixed', [4, 4], { granularity: 'per-filter', filters })).toThrow('2 entries for 4 filters');
    expect(() => fakeQuantize(x, 'fixed', [4, 4])).toThrow('one bit-width');
    expect(() => fakeQuantize(x, 'fixed', 4, { granularity: 'per-filter', filters: 7 })).toThrow('split evenly');
    expect(() => fakeQuantize(new Float32Array([NaN]), 'fixed', 4)).toThrow('fixed input: element 0 is NaN');
    expect(() => fakeQuantize(x, 'fixed', 1)).toThrow(/bits must be/);
    expect(() => fakeQuantize(x, 'nope' as never, 4)).toThrow('unknown scheme "nope"');
  });
});
