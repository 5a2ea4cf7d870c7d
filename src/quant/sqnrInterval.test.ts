import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sqnrHalfWidthDb } from './sqnrInterval';

describe('sqnrHalfWidthDb', () => {
  it('matches the worked example (delta method by hand)', () => {
    // R = 0.2, S² = 0.04/3, SE(R) = √(S²/4)/1 = 0.057735, SE = 10/ln10 · 0.057735/0.2 = 1.2537 dB.
    expect(sqnrHalfWidthDb([1, 1, 1, 1], [0.1, 0.3, 0.1, 0.3])).toBeCloseTo(1.96 * 1.25370, 4);
    expect(sqnrHalfWidthDb([1, 1, 1, 1], [0.1, 0.3, 0.1, 0.3], 1)).toBeCloseTo(1.25370, 4);
  });

  it('is exact (0) when every item has the same noise ratio, or no noise at all', () => {
    expect(sqnrHalfWidthDb([1, 2, 4], [0.01, 0.02, 0.04])).toBeCloseTo(0, 12);
    expect(sqnrHalfWidthDb([1, 2, 4], [0, 0, 0])).toBe(0);
  });

  it('knows nothing from one item, no items or no signal', () => {
    expect(sqnrHalfWidthDb([1], [0.1])).toBe(Infinity);
    expect(sqnrHalfWidthDb([], [])).toBe(Infinity);
    expect(sqnrHalfWidthDb([0, 0], [0.1, 0.2])).toBe(Infinity);
    expect(() => sqnrHalfWidthDb([1, 2], [0.1])).toThrow(RangeError);
  });

  it('does not depend on the units of signal or noise, and narrows as 1/√n with repeated items', () => {
    const item = fc.record({ s: fc.double({ min: 0.1, max: 10, noNaN: true }), e: fc.double({ min: 1e-3, max: 1, noNaN: true }) });
    fc.assert(fc.property(fc.array(item, { minLength: 3, maxLength: 40 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (items, c) => {
      const s = items.map((x) => x.s);
      const e = items.map((x) => x.e);
      const w = sqnrHalfWidthDb(s, e);
      expect(sqnrHalfWidthDb(s.map((v) => v * c), e)).toBeCloseTo(w, 6);
      expect(sqnrHalfWidthDb(s, e.map((v) => v * c))).toBeCloseTo(w, 6);
      // Each item four times: S² scales by (n − 1)·4/(4n − 1), n by 4.
      const n = items.length;
      const w4 = sqnrHalfWidthDb([...s, ...s, ...s, ...s], [...e, ...e, ...e, ...e]);
      expect(w4).toBeCloseTo(w * Math.sqrt(((n - 1) * 4) / (4 * n - 1) / 4), 6);
    }));
  });
});
