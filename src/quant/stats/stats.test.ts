import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mcnemarExact, meanSpread, pairedCounts, pairedDifferenceInterval, pairedVerdict, wilsonInterval } from './index';

/** Exact two-sided binomial(½) tail with BigInt binomial coefficients. */
function exactTail(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let choose = 1n;
  let sum = 0n;
  for (let i = 0; i <= k; i++) {
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    sum += choose;
  }
  return Math.min(1, 2 * Number(sum) / 2 ** n);
}

describe('wilsonInterval', () => {
  it('matches the closed form and the documented example', () => {
    const { lo, hi } = wilsonInterval(1960, 2000);
    expect(lo).toBeCloseTo(0.97288, 4);
    expect(hi).toBeCloseTo(0.98528, 4);
    expect(wilsonInterval(0, 10).lo).toBe(0);
    expect(wilsonInterval(10, 10).hi).toBe(1);
    // n = 1, k = 1: centre (1 + z²/2)/(1 + z²), the lower bound z²/(1 + z²)·… = 0.2065
    expect(wilsonInterval(1, 1).lo).toBeCloseTo(0.20654, 4);
  });
  it('always contains k/n and lies inside [0, 1]; narrows with n', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
      const k = Math.round(f * n);
      const i = wilsonInterval(k, n);
      expect(i.lo).toBeLessThanOrEqual(k / n + 1e-12);
      expect(i.hi).toBeGreaterThanOrEqual(k / n - 1e-12);
      expect(i.lo).toBeGreaterThanOrEqual(0);
      expect(i.hi).toBeLessThanOrEqual(1);
      const wide = wilsonInterval(k, n);
      const narrow = wilsonInterval(4 * k, 4 * n);
      expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo + 1e-12);
    }));
  });
  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/0\.\.2/);
    expect(() => wilsonInterval(0, 0)).toThrow(/positive/);
  });
});

describe('McNemar exact test', () => {
  it('equals the exact binomial tail (BigInt) and is symmetric', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (b, c) => {
      expect(mcnemarExact(b, c)).toBeCloseTo(exactTail(b, c), 10);
      expect(mcnemarExact(b, c)).toBe(mcnemarExact(c, b));
    }));
    expect(mcnemarExact(15, 5)).toBeCloseTo(0.04139, 4);
    expect(mcnemarExact(3, 3)).toBeCloseTo(1, 12);
    expect(mcnemarExact(0, 0)).toBe(1);
  });
  it('verdicts follow the p-value and the direction', () => {
    expect(pairedVerdict({ onlyA: 15, onlyB: 5 })).toMatchObject({ verdict: 'better' });
    expect(pairedVerdict({ onlyA: 5, onlyB: 15 })).toMatchObject({ verdict: 'worse' });
    expect(pairedVerdict({ onlyA: 12, onlyB: 8 })).toMatchObject({ verdict: 'same' });
  });
});

describe('paired counts and bootstrap', () => {
  it('counts the documented example', () => {
    expect(pairedCounts([1, 2, 3], [1, 0, 3], [1, 2, 0])).toEqual({ both: 1, onlyA: 1, onlyB: 0, neither: 1, n: 3 });
    expect(() => pairedCounts([1], [1, 2], [1, 2])).toThrow(/labels/);
  });
  it('the bootstrap interval brackets the observed difference with about the normal width', () => {
    const c = { both: 1900, onlyA: 40, onlyB: 20, neither: 40, n: 2000 };
    const i = pairedDifferenceInterval(c, 2000, 3);
    expect(i.difference).toBeCloseTo(0.01, 12);
    expect(i.lo).toBeLessThan(0.01);
    expect(i.hi).toBeGreaterThan(0.01);
    // Var of the per-image difference d ∈ {−1, 0, 1}: (b + c)/n − ((b − c)/n)²
    const sd = Math.sqrt((60 / 2000 - 0.01 ** 2) / 2000);
    expect(i.hi - i.lo).toBeGreaterThan(2 * 1.96 * sd * 0.85);
    expect(i.hi - i.lo).toBeLessThan(2 * 1.96 * sd * 1.15);
    expect(pairedDifferenceInterval(c, 500, 3)).toEqual(pairedDifferenceInterval(c, 500, 3));
  });
});

describe('meanSpread', () => {
  it('mean, sample sd, min, max', () => {
    expect(meanSpread([1, 2, 3])).toEqual({ mean: 2, sd: 1, min: 1, max: 3, n: 3 });
    expect(meanSpread([5])).toEqual({ mean: 5, sd: 0, min: 5, max: 5, n: 1 });
    expect(() => meanSpread([])).toThrow(/no values/);
  });
});
