import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binRange, finiteExtent, histogram, log2Magnitudes, niceTicks } from './histogram';

describe('histogram', () => {
  it('bins values into equal-width bins, the maximum into the last bin', () => {
    const h = histogram([0, 0.1, 0.5, 1, NaN], 2);
    expect(h.edges).toEqual([0, 0.5, 1]);
    expect(h.counts).toEqual([2, 2]);
    expect(h.total).toBe(4);
    expect(h.excluded).toBe(1);
    expect(h.maxCount).toBe(2);
    expect([h.min, h.max]).toEqual([0, 1]);
  });
  it('handles an empty array', () => {
    const h = histogram(new Float32Array(0), 4);
    expect(h.counts).toEqual([0, 0, 0, 0]);
    expect(h.edges).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(h.total).toBe(0);
    expect(h.min).toBeNull();
    expect(h.maxCount).toBe(0);
  });
  it('puts all-equal values in the middle bin with distinct edges', () => {
    const h = histogram([2, 2, 2], 5);
    expect(h.counts).toEqual([0, 0, 3, 0, 0]);
    expect(new Set(h.edges).size).toBe(6);
    expect(binRange([0, 0])).toEqual([-1, 1]);
    expect(binRange([-3, -3])).toEqual([-3.3, -2.7]);
  });
  it('excludes NaN and ±Infinity, and values outside an explicit range', () => {
    const h = histogram([NaN, Infinity, -Infinity, 1, 5], 2, [0, 2]);
    expect(h.total).toBe(1);
    expect(h.excluded).toBe(4);
    expect(histogram([NaN, NaN], 3).counts).toEqual([0, 0, 0]);
    expect(finiteExtent([3, NaN, -1])).toEqual([-1, 3]);
    expect(finiteExtent([NaN])).toBeNull();
    // A range so narrow that its bin width underflows (found by the property below).
    expect(histogram([0, -5e-324], 2).total).toBe(2);
    expect(histogram([1.8960482940579838e293, -1.797693134862314e308], 1).total).toBe(2);
  });
  it('conserves the count of finite values and never yields NaN (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.double(), fc.constant(NaN))), fc.integer({ min: 1, max: 100 }), (xs, bins) => {
      const h = histogram(xs, bins);
      const finite = xs.filter((v) => Number.isFinite(v)).length;
      expect(h.total + h.excluded).toBe(xs.length);
      expect(h.total).toBe(finite);
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(h.total);
      expect(h.counts).toHaveLength(bins);
      for (const e of h.edges) expect(Number.isNaN(e)).toBe(false);
    }));
  });
});

describe('log2Magnitudes', () => {
  it('takes log2|x| of non-zero finite values and counts zeros', () => {
    const { logs, zeros } = log2Magnitudes([4, -0.5, 0, NaN, -0]);
    expect(Array.from(logs)).toEqual([2, -1]);
    expect(zeros).toBe(2);
  });
});

describe('niceTicks', () => {
  it('gives round ticks inside the range', () => {
    expect(niceTicks(-0.83, 0.91, 5)).toEqual([-0.5, 0, 0.5]);
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-12, -1, 4)).toEqual([-10, -5]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});
