import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // 45/50 at 95 %: 0.7864–0.9565 (e.g. Newcombe 1998, method 3).
    const [lo, hi] = wilsonInterval(45, 50);
    expect(lo).toBeCloseTo(0.7864, 4);
    expect(hi).toBeCloseTo(0.9565, 4);
    // 0/10: upper bound z²/(n + z²) = 3.8416/13.8416.
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(3.8416 / 13.8416, 10);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(3, 0)).toEqual([0, 1]);
  });

  it('holds the proportion, stays in [0, 1] and narrows with n', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
      const k = Math.round(f * n);
      const [lo, hi] = wilsonInterval(k, n);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(k / n + 1e-12);
      expect(hi).toBeGreaterThanOrEqual(k / n - 1e-12);
      const [lo4, hi4] = wilsonInterval(4 * k, 4 * n);
      expect(hi4 - lo4).toBeLessThan(hi - lo + 1e-12);
    }));
  });
});
