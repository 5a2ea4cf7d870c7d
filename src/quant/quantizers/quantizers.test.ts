import { describe, expect, it } from 'vitest';
import { QUANTIZERS } from '../registry';
import { sqnrDb } from '../sqnr';
import { laplace, normal, uniform } from '../testing/data';
import { WEIGHT_SCHEMES, type WeightScheme } from '../types';

const f32 = (a: number[]) => new Float32Array(a);
/** Plain numbers with −0 folded into 0 (toEqual tells them apart; the value is the same). */
const vals = (a: ArrayLike<number>) => Array.from(a, (v) => v + 0);
const SYMMETRIC: WeightScheme[] = ['fixed', 'fixed-clip', 'log2', 'log2-sqrt2', 'nlq'];
const quantize = (k: WeightScheme, x: Float32Array, b: number, signed?: boolean) =>
  QUANTIZERS[k].apply(x, QUANTIZERS[k].calibrate(x, b, { signed }));

describe('worked examples from the doc comments', () => {
  it('fixed', () => {
    const q = quantize('fixed', f32([0.9, -0.2, 0.5]), 3);
    [0.9, -0.3, 0.6].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 6));
  });
  it('fixed unsigned uses s = max / (2^b − 1)', () => {
    const p = QUANTIZERS.fixed.calibrate(f32([0, 0.3, 1.5]), 4);
    expect(p.signed).toBe(false);
    expect(p.scale).toBeCloseTo(1.5 / 15, 12);
  });
  it('dfp', () => {
    const p = QUANTIZERS.dfp.calibrate(f32([0.9, -0.3]), 4);
    expect(p).toMatchObject({ integerLength: 1, fractionLength: 3, scale: 0.125 });
    expect(Array.from(QUANTIZERS.dfp.apply(f32([0.9, -0.3]), p))).toEqual([0.875, -0.25]);
  });
  it('log2', () => {
    const p = QUANTIZERS.log2.calibrate(f32([0.9, 0.3, -0.9, 0.1]), 3);
    expect(p).toMatchObject({ eMax: 0, scale: 1, levels: 3 });
    expect(Array.from(QUANTIZERS.log2.apply(f32([0.9, 0.3, -0.9, 0.1]), p))).toEqual([1, 0.25, -1, 0]);
  });
  it('log2-sqrt2 with s = 1', () => {
    const p = { scheme: 'log2-sqrt2' as const, bits: 3, signed: true, scale: 1 };
    const q = QUANTIZERS['log2-sqrt2'].apply(f32([0.62, 0.4]), p);
    expect(q[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(q[1]).toBe(0);
  });
  it('nlq normalises by a power of two and uses one shared unit', () => {
    const x = f32([0.3, 0.05, -0.3]);
    const p = QUANTIZERS.nlq.calibrate(x, 3);
    expect(p).toMatchObject({ shift: -1, unit: 1, scale: 0.5 });
    const q = QUANTIZERS.nlq.apply(x, p);
    expect(q[0]).toBeCloseTo(0.5 * Math.SQRT1_2, 6);
    expect(q[1]).toBe(0);
    expect(q[2]).toBeCloseTo(-0.5 * Math.SQRT1_2, 6);
    expect(QUANTIZERS.nlq.calibrate(x, 3, { unitScale: 0.5 }).scale).toBe(0.25);
  });
  it('fixed-clip keeps r = 1 on the documented outlier example and clips bell-shaped data at 3 bits', () => {
    expect(QUANTIZERS['fixed-clip'].calibrate(f32([1, 0.1, 0.1, 0.1, -0.1]), 2).clipRatio).toBe(1);
    const x = laplace(20_000, 1, 5);
    const p = QUANTIZERS['fixed-clip'].calibrate(x, 3);
    expect(p.clipRatio as number).toBeLessThan(0.6);
    expect(sqnrDb(x, quantize('fixed-clip', x, 3))!).toBeGreaterThan(sqnrDb(x, quantize('fixed', x, 3))! + 3);
  });
});

describe('fixed point follows the Δ²/12 noise model', () => {
  const x = uniform(200_000, -1, 1, 2);
  const bitsList = [4, 5, 6, 7, 8];
  const db = bitsList.map((b) => sqnrDb(x, quantize('fixed', x, b)) as number);
  it('SQNR ≈ 10·log10((1/3) / (Δ²/12)) = 20·log10(2^b − 2) for uniform data on [−1, 1]', () => {
    bitsList.forEach((b, i) => expect(Math.abs(db[i] - 20 * Math.log10(2 ** b - 2))).toBeLessThan(0.15));
  });
  it('gains 6.02 ± 0.3 dB per bit (least-squares slope over 4..8 bits)', () => {
    const mb = bitsList.reduce((a, b) => a + b, 0) / bitsList.length;
    const md = db.reduce((a, b) => a + b, 0) / db.length;
    let num = 0;
    let den = 0;
    bitsList.forEach((b, i) => {
      num += (b - mb) * (db[i] - md);
      den += (b - mb) ** 2;
    });
    expect(Math.abs(num / den - 20 * Math.log10(2))).toBeLessThan(0.3);
  });
});

describe.each(WEIGHT_SCHEMES)('%s', (key) => {
  const Q = QUANTIZERS[key];
  const x = normal(4096, 0.05, 9);
  it.each([2, 3, 4, 8])('is idempotent and uses at most 2^b levels at %i bits', (b) => {
    const p = Q.calibrate(x, b);
    const q = Q.apply(x, p);
    expect(vals(Q.apply(q, p))).toEqual(vals(q));
    expect(new Set(q).size).toBeLessThanOrEqual(2 ** b);
    expect(sqnrDb(x, q)).not.toBeNaN();
  });
  it('improves with more bits', () => {
    const lo = sqnrDb(x, quantize(key, x, 3)) as number;
    const hi = sqnrDb(x, quantize(key, x, 8)) as number;
    expect(hi).toBeGreaterThan(lo);
  });
  if (SYMMETRIC.includes(key)) {
    it('is odd-symmetric: Q(−x) = −Q(x) with the same params', () => {
      const p = Q.calibrate(x, 4);
      const q = Q.apply(x, p);
      const qn = Q.apply(x.map((v) => -v), p);
      expect(vals(qn)).toEqual(vals(q.map((v) => -v)));
    });
  }
  it('maps all-zero input to zeros (SQNR null)', () => {
    const z = new Float32Array(16);
    const q = quantize(key, z, 4);
    expect(Array.from(q).every((v) => v === 0)).toBe(true);
    expect(sqnrDb(z, q)).toBeNull();
  });
  it('handles constant tensors and single elements', () => {
    for (const data of [f32([3, 3, 3, 3]), f32([-0.7, -0.7]), f32([0.42]), f32([-5])]) {
      const q = quantize(key, data, 4);
      expect(q.every((v) => Number.isFinite(v))).toBe(true);
      expect(sqnrDb(data, q)).not.toBeNull();
    }
    if (key === 'fixed' || key === 'fixed-clip' || key === 'dfp') {
      expect(sqnrDb(f32([3, 3, 3]), quantize(key, f32([3, 3, 3]), 4))).toBe(Infinity);
    }
  });
  it('rejects NaN/Inf input and bad bit-widths with clear messages', () => {
    expect(() => Q.calibrate(f32([1, NaN]), 4)).toThrow(/element 1 is NaN/);
    const p = Q.calibrate(f32([1, 2]), 4);
    expect(() => Q.apply(f32([Infinity, 1]), p)).toThrow(/element 0 is Infinity/);
    for (const b of [1, 17, 4.5]) expect(() => Q.calibrate(x, b)).toThrow(/bits must be an integer in 2\.\.16/);
  });
  it('rejects params of another scheme', () => {
    const other = key === 'fixed' ? 'dfp' : 'fixed';
    expect(() => Q.apply(x, QUANTIZERS[other].calibrate(x, 4))).toThrow(/given to the/);
  });
  it('writes into a provided output buffer and checks its length', () => {
    const p = Q.calibrate(x, 4);
    const out = new Float32Array(x.length);
    expect(Q.apply(x, p, out)).toBe(out);
    expect(() => Q.apply(x, p, new Float32Array(3))).toThrow(/output has 3 elements/);
  });
});

describe('calibration searches are close to exhaustive ones', () => {
  // Exhaustive reference: the SSE of every candidate on a fine grid, on all the data.
  const best = (x: Float32Array, key: 'fixed-clip' | 'log2-sqrt2', b: number, candidates: number[]) => {
    let top = -Infinity;
    for (const scale of candidates) {
      const p = { scheme: key, bits: b, signed: true, scale };
      top = Math.max(top, sqnrDb(x, QUANTIZERS[key].apply(x, p)) as number);
    }
    return top;
  };
  const cases = { 'laplace 4608': laplace(4608, 1, 3), 'normal 147': normal(147, 1, 4), 'laplace 60k': laplace(60_000, 1, 5) };
  for (const [name, x] of Object.entries(cases)) {
    it(`${name}: within 0.3 dB at 2, 4, 6, 8 bits`, () => {
      const m = Math.max(...Array.from(x, Math.abs));
      for (const b of [2, 4, 6, 8]) {
        const K = 2 ** (b - 1) - 1;
        const clipGrid = Array.from({ length: 400 }, (_, i) => ((i + 1) / 400) * (m / K));
        const logGrid = Array.from({ length: 400 }, (_, i) => m * 2 ** (0.5 - (i * 4.5) / 400));
        for (const [key, grid] of [['fixed-clip', clipGrid], ['log2-sqrt2', logGrid]] as const) {
          const got = sqnrDb(x, quantize(key, x, b)) as number;
          expect(got, `${key} ${b} bits`).toBeGreaterThan(best(x, key, b, grid) - 0.3);
        }
      }
    });
  }
});
