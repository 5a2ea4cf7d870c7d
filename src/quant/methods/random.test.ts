import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBits } from './random';

describe('random bit allocation (control)', () => {
  it('hits the target average within half the largest filter, widths in 2..8, seeded', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ filters: fc.integer({ min: 1, max: 40 }), per: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 5 }),
      fc.double({ min: 2.5, max: 7.5, noNaN: true }), fc.integer({ min: 1, max: 1000 }),
      (layers, target, seed) => {
        const filters = layers.map((l) => l.filters);
        const params = layers.map((l) => l.filters * l.per);
        const bits = randomBits(filters, params, target, seed);
        expect(bits.map((b) => b.length)).toEqual(filters);
        const flat = bits.flat();
        expect(flat.every((b) => Number.isInteger(b) && b >= 2 && b <= 8)).toBe(true);
        const avg = bits.reduce((a, bs, l) => a + bs.reduce((x, b) => x + b, 0) * layers[l].per, 0) / params.reduce((a, b) => a + b, 0);
        const largest = Math.max(...layers.map((l) => l.per));
        expect(Math.abs(avg - target) * params.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(largest / 2 + 1e-6);
        expect(randomBits(filters, params, target, seed)).toEqual(bits);
      }), { numRuns: 100 });
  });
});
