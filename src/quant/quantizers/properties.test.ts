/**
 * Property-based tests (fast-check) for every quantizer on generated tensors: finite
 * outputs, a magnitude bound, at most 2^b levels, idempotence, sign preservation, odd
 * symmetry for the symmetric schemes, and an SQNR that is never NaN.
 * Domain: float32 data in ±1e6 with magnitudes either 0 or ≥ 1e-30 (normal floats; the
 * quantizers promise exact idempotence only when their levels are normal float32 values).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUANTIZERS } from '../registry';
import { sqnrDb } from '../sqnr';
import { WEIGHT_SCHEMES, type WeightScheme } from '../types';

const tensor = fc
  .array(fc.float({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 120 })
  .map((a) => Float32Array.from(a, (v) => (Math.abs(v) < 1e-30 ? 0 : v)));
const bits = fc.integer({ min: 2, max: 16 });
const signedOpt = fc.constantFrom<boolean | undefined>(undefined, true, false);
const SYMMETRIC = new Set<WeightScheme>(['fixed', 'fixed-clip', 'log2', 'log2-sqrt2', 'nlq']);
const plain = (a: ArrayLike<number>) => Array.from(a, (v) => v + 0); // −0 → 0

describe.each(WEIGHT_SCHEMES)('%s properties', (key) => {
  const Q = QUANTIZERS[key];

  it('finite, bounded, sign-preserving, ≤ 2^b levels, SQNR never NaN', () => {
    fc.assert(
      fc.property(tensor, bits, signedOpt, (x, b, signed) => {
        const p = Q.calibrate(x, b, { signed });
        const q = Q.apply(x, p);
        let m = 0;
        for (const v of x) m = Math.max(m, Math.abs(v));
        // fixed: ≤ max|x|; dfp: + half a step (its negative end); log schemes: ≤ √2·max|x|.
        const bound = key === 'fixed' || key === 'fixed-clip' ? m : key === 'dfp' ? m + p.scale / 2 : Math.SQRT2 * m;
        const levels = new Set<number>();
        for (let i = 0; i < x.length; i++) {
          expect(Number.isFinite(q[i])).toBe(true);
          expect(Math.abs(q[i])).toBeLessThanOrEqual(bound * (1 + 1e-6));
          expect(q[i] === 0 || Math.sign(q[i]) === Math.sign(x[i])).toBe(true);
          levels.add(q[i] + 0);
        }
        expect(levels.size).toBeLessThanOrEqual(2 ** b);
        const db = sqnrDb(x, q);
        expect(db === null ? m === 0 : !Number.isNaN(db)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('is idempotent: Q(Q(x)) = Q(x) with the same params', () => {
    fc.assert(
      fc.property(tensor, bits, (x, b) => {
        const p = Q.calibrate(x, b);
        const q = Q.apply(x, p);
        expect(plain(Q.apply(q, p))).toEqual(plain(q));
      }),
      { numRuns: 150 },
    );
  });

  if (SYMMETRIC.has(key)) {
    it('is odd-symmetric with signed params: Q(−x) = −Q(x)', () => {
      fc.assert(
        fc.property(tensor, bits, (x, b) => {
          const p = Q.calibrate(x, b, { signed: true });
          const neg = x.map((v) => -v);
          expect(plain(Q.apply(neg, p))).toEqual(plain(Q.apply(x, p).map((v) => -v)));
        }),
        { numRuns: 100 },
      );
    });
  }
});
