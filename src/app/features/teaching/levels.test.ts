import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getQuantizer } from '../../../quant/registry';
import type { WeightScheme } from '../../../quant/types';
import { distinctSorted, finiteValues, logLevelPositions, schemeLevels } from './levels';

/** Deterministic bell-shaped data (sum of uniforms) with a given max magnitude. */
function bell(n: number, seed = 1, scale = 1): Float32Array {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = ((rnd() + rnd() + rnd() - 1.5) / 1.5) * scale;
  return x;
}

const f = Math.fround;
const SCHEMES: WeightScheme[] = ['fixed', 'fixed-clip', 'dfp', 'log2', 'log2-sqrt2', 'nlq'];

describe('schemeLevels: the levels are the quantizer’s distinct outputs', () => {
  const x = bell(4000, 7, 0.8);

  it('fixed, signed: {k·s : |k| ≤ 2^(b−1) − 1}', () => {
    for (const bits of [2, 3, 4, 8]) {
      const r = schemeLevels(x, 'fixed', bits);
      const s = r.params!.scale;
      const m = 2 ** (bits - 1) - 1;
      const expected = Array.from({ length: 2 * m + 1 }, (_, i) => f((i - m) * s)).map((v) => (v === 0 ? 0 : v));
      expect(r.levels).toEqual(expected);
    }
  });

  it('fixed, unsigned (after ReLU): {k·s : 0 ≤ k ≤ 2^b − 1}', () => {
    const relu = x.map((v) => Math.max(0, v));
    const r = schemeLevels(relu, 'fixed', 4);
    expect(r.params!.signed).toBe(false);
    expect(r.levels).toEqual(Array.from({ length: 16 }, (_, k) => f(k * r.params!.scale)));
  });

  it('dfp: {k·2^(−FL) : −2^(b−1) ≤ k ≤ 2^(b−1) − 1}', () => {
    const r = schemeLevels(x, 'dfp', 4);
    const s = r.params!.scale;
    expect(r.levels).toEqual(Array.from({ length: 16 }, (_, i) => f((i - 8) * s)).map((v) => (v === 0 ? 0 : v)));
  });

  it('log2: {0} ∪ {±2^e : e_max − L + 1 ≤ e ≤ e_max}, L = 2^(b−1) − 1', () => {
    for (const bits of [3, 4, 5]) {
      const r = schemeLevels(x, 'log2', bits);
      const L = 2 ** (bits - 1) - 1;
      const eMax = r.params!.eMax as number;
      const mags = Array.from({ length: L }, (_, j) => 2 ** (eMax - j));
      expect(r.levels).toEqual([...mags.map((v) => -v), 0, ...mags.slice().reverse()].sort((a, b) => a - b));
    }
  });

  it('log2-sqrt2 and nlq: {0} ∪ {±s·2^(−j/2) : 0 ≤ j < L}', () => {
    for (const scheme of ['log2-sqrt2', 'nlq'] as const) {
      const r = schemeLevels(x, scheme, 4);
      const s = r.params!.scale;
      const mags = Array.from({ length: 7 }, (_, j) => f(s * 2 ** (-j / 2)));
      const expected = [...mags.map((v) => -v), 0, ...mags].sort((a, b) => a - b);
      expect(r.levels.length).toBe(expected.length);
      r.levels.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    }
  });

  it('8-bit log levels below the float32 normal range collapse into 0', () => {
    const r = schemeLevels(x, 'log2', 8);
    expect(r.levels.includes(0)).toBe(true);
    expect(r.levels.every((v) => v === 0 || Math.abs(v) >= 2 ** -126)).toBe(true);
    expect(r.levels.length).toBeLessThanOrEqual(2 * 127 + 1);
  });

  it('every output on arbitrary data is one of the levels, for every scheme (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.float({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }),
      fc.constantFrom(...SCHEMES), fc.integer({ min: 2, max: 8 }),
      (arr, scheme, bits) => {
        const data = Float32Array.from(arr);
        const r = schemeLevels(data, scheme, bits);
        const q = getQuantizer(scheme);
        const outs = distinctSorted(q.apply(data, r.params!));
        const set = new Set(r.levels);
        for (const v of outs) expect(set.has(v)).toBe(true);
        // No more levels than codes: 2^b (one code may be reserved for zero).
        expect(r.levels.length).toBeLessThanOrEqual(2 ** bits);
        for (const v of r.levels) expect(Number.isFinite(v)).toBe(true);
      },
    ), { numRuns: 60 });
  });

  it('reports the SQNR of the quantizer on the data, null for all-zero, and ignores NaN', () => {
    const r = schemeLevels(x, 'fixed', 8);
    expect(r.sqnrDb).toBeGreaterThan(30);
    const zero = schemeLevels(new Float32Array(5), 'fixed', 4);
    expect(zero.sqnrDb).toBeNull();
    expect(zero.levels).toEqual([0]);
    const withNaN = schemeLevels(Float32Array.from([NaN, 0.5, -0.25, Infinity]), 'fixed', 3);
    expect(withNaN.levels.length).toBe(7);
    expect(Number.isNaN(withNaN.sqnrDb)).toBe(false);
    expect(schemeLevels(Float32Array.from([NaN]), 'log2', 4)).toMatchObject({ levels: [], sqnrDb: null });
  });

  it('gains about 6 dB per bit for fixed-point on uniform data', () => {
    const u = Float32Array.from({ length: 20000 }, (_, i) => -1 + (2 * (i + 0.5)) / 20000);
    const d = schemeLevels(u, 'fixed', 7).sqnrDb! - schemeLevels(u, 'fixed', 6).sqnrDb!;
    expect(d).toBeGreaterThan(5.5);
    expect(d).toBeLessThan(6.5);
  });
});

describe('helpers', () => {
  it('finiteValues drops NaN/Infinity and reuses clean arrays', () => {
    const clean = Float32Array.from([1, 2]);
    expect(finiteValues(clean)).toBe(clean);
    expect(Array.from(finiteValues([1, NaN, -Infinity, 3]))).toEqual([1, 3]);
  });
  it('logLevelPositions gives distinct log2 magnitudes without zero', () => {
    expect(logLevelPositions([-1, -0.5, 0, 0.5, 1])).toEqual([-1, 0]);
  });
});
