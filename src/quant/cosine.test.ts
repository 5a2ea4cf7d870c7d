import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosineFromSums, cosineSimilarity, cosineSums, formatCosine } from './cosine';
import { normal } from './testing/data';

// Model outputs are float32: their squares and products can neither underflow nor overflow in
// float64 (a double near 1e-162, whose square is 0, is no model output).
const vector = fc.array(fc.float({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 64 });
const nonZero = vector.filter((v) => v.some((x) => Math.abs(x) > 1e-6));

describe('cosineSimilarity', () => {
  it('follows the worked example', () => {
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
  });
  it('is 1 for identical outputs, −1 for negated ones and 0 for orthogonal ones', () => {
    fc.assert(fc.property(nonZero, (v) => {
      expect(cosineSimilarity(v, v)).toBeCloseTo(1, 12);
      expect(cosineSimilarity(v, v.map((x) => -x))).toBeCloseTo(-1, 12);
    }));
    expect(cosineSimilarity([1, 0, 0], [0, 5, 0])).toBe(0);
    expect(cosineSimilarity([1, 1], [1, -1])).toBe(0);
    expect(cosineSimilarity([3, 4], [3, 4])).toBe(1);
    expect(cosineSimilarity([3, 4], [-3, -4])).toBe(-1);
  });
  it('is scale-invariant for positive factors and flips sign for negative ones', () => {
    fc.assert(fc.property(nonZero, nonZero, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (a, b, k) => {
      const n = Math.min(a.length, b.length);
      const f = a.slice(0, n);
      const q = b.slice(0, n);
      const c = cosineSimilarity(f, q);
      expect(cosineSimilarity(f, q.map((x) => k * x))).toBeCloseTo(c, 9);
      expect(cosineSimilarity(f.map((x) => k * x), q)).toBeCloseTo(c, 9);
      expect(cosineSimilarity(f, q.map((x) => -k * x))).toBeCloseTo(-c, 9);
    }));
  });
  it('stays in [−1, 1], is symmetric and never NaN', () => {
    fc.assert(fc.property(vector, vector, (a, b) => {
      const n = Math.min(a.length, b.length);
      const c = cosineSimilarity(a.slice(0, n), b.slice(0, n));
      expect(Number.isNaN(c)).toBe(false);
      expect(c).toBeGreaterThanOrEqual(-1);
      expect(c).toBeLessThanOrEqual(1);
      expect(cosineSimilarity(b.slice(0, n), a.slice(0, n))).toBeCloseTo(c, 12);
    }));
  });
  it('gives zero vectors their documented values: both zero → 1, one zero → 0', () => {
    expect(cosineSimilarity([0, 0], [0, 0])).toBe(1);
    expect(cosineSimilarity([], [])).toBe(1);
    expect(cosineSimilarity([0, 0], [1, 2])).toBe(0);
    expect(cosineSimilarity([1, 2], [0, -0])).toBe(0);
  });
  it('matches the figure of a small quantization error: cos ≈ 1 − 1/(2·SQNR_linear)', () => {
    // q = f + e with e small and independent of f: 1 − cos ≈ |e|²/(2|f|²).
    const f = normal(100_000, 1, 3);
    const e = normal(100_000, 0.01, 4);
    const q = Float64Array.from(f, (x, i) => x + e[i]);
    const { ff } = cosineSums(f, q);
    let ee = 0;
    for (const x of e) ee += x * x;
    expect((1 - cosineSimilarity(f, q)) / (ee / (2 * ff))).toBeCloseTo(1, 2);
  });
  it('keeps the sign of the smallest float32 outputs (no underflow to 0 in the sums)', () => {
    const tiny = 2 ** -149; // the smallest float32 subnormal
    expect(cosineSimilarity([0, 0, tiny], [0, 0, -tiny * 1e-3])).toBe(-1);
    expect(cosineSimilarity([tiny, 0], [tiny, tiny])).toBeCloseTo(Math.SQRT1_2, 12);
  });
  it('rejects mismatched lengths and non-finite values', () => {
    expect(() => cosineSimilarity([1], [1, 2])).toThrow('1 vs 2 elements');
    expect(() => cosineSimilarity([NaN], [1])).toThrow(/non-finite/);
    expect(() => cosineFromSums({ dot: Infinity, ff: 1, qq: 1 })).toThrow(/non-finite/);
  });
});

describe('formatCosine', () => {
  it('shows how far from 1 a close figure is, and never NaN', () => {
    expect(formatCosine(0.99995)).toBe('0.999950');
    expect(formatCosine(0.999)).toBe('0.9990');
    expect(formatCosine(0.5)).toBe('0.500');
    expect(formatCosine(-1)).toBe('-1.000');
    expect(formatCosine(1)).toBe('1');
    expect(formatCosine(1 - 1e-12)).toBe('1.00000000');
    expect(formatCosine(null)).toBe('–');
    expect(formatCosine(undefined)).toBe('–');
    expect(formatCosine(NaN)).toBe('–');
  });
});
