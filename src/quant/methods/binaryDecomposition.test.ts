import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bitSerialConv2d,
  bitSerialDot,
  integerConv2d,
  intRange,
  packPlanes,
  popcount32,
} from './binaryDecomposition';

const intVec = (n: number, bits: number, signed: boolean) => {
  const [lo, hi] = intRange(bits, signed);
  return fc.array(fc.integer({ min: lo, max: hi }), { minLength: n, maxLength: n });
};

describe('binary decomposition', () => {
  it('popcount32 counts bits of any 32-bit word', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (v) => {
      expect(popcount32(v)).toBe(v.toString(2).split('').filter((c) => c === '1').length);
    }));
  });

  it('packs planes as documented', () => {
    const p = packPlanes([3, 1], 2, false);
    expect(Array.from(p[0])).toEqual([0b11]);
    expect(Array.from(p[1])).toEqual([0b01]);
  });

  it('reproduces the worked examples', () => {
    expect(bitSerialDot({ values: [3, 1], bits: 2, signed: false }, { values: [2, 3], bits: 2, signed: false }))
      .toEqual({ value: 9, bitops: 8, ops: { planeAnd: 8, correction: 0 } });
    expect(bitSerialDot({ values: [-2, 1], bits: 2, signed: true }, { values: [3, 2], bits: 2, signed: false }).value).toBe(-4);
  });

  it('dot product equals the integer dot product bit for bit (all sign combinations)', () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 70 }),
      bw: fc.integer({ min: 1, max: 8 }),
      ba: fc.integer({ min: 1, max: 8 }),
      ws: fc.boolean(),
      as: fc.boolean(),
    }).chain((c) => fc.tuple(fc.constant(c), intVec(c.n, c.bw, c.ws && c.bw > 1), intVec(c.n, c.ba, c.as && c.ba > 1)));
    fc.assert(fc.property(arb, ([c, w, x]) => {
      const ref = w.reduce((s, v, i) => s + v * x[i], 0);
      const r = bitSerialDot({ values: w, bits: c.bw, signed: c.ws && c.bw > 1 }, { values: x, bits: c.ba, signed: c.as && c.ba > 1 });
      expect(r.value).toBe(ref);
      expect(r.bitops).toBe(c.n * c.bw * c.ba);
    }), { numRuns: 300 });
  });

  it('rejects values outside the bit range', () => {
    expect(() => bitSerialDot({ values: [8], bits: 3, signed: true }, { values: [1], bits: 2, signed: false })).toThrow(/3-bit/);
  });

  it('2-D convolution (NHWC, valid and same, strided) equals the integer convolution exactly', () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 3, max: 7 }),
      w: fc.integer({ min: 3, max: 7 }),
      cin: fc.integer({ min: 1, max: 3 }),
      cout: fc.integer({ min: 1, max: 3 }),
      k: fc.integer({ min: 1, max: 3 }),
      s: fc.integer({ min: 1, max: 2 }),
      same: fc.boolean(),
      bw: fc.integer({ min: 2, max: 6 }),
      ba: fc.integer({ min: 2, max: 6 }),
      ws: fc.boolean(),
      as: fc.boolean(),
    }).chain((c) => fc.tuple(fc.constant(c),
      intVec(c.n * c.h * c.w * c.cin, c.ba, c.as),
      intVec(c.k * c.k * c.cin * c.cout, c.bw, c.ws)));
    fc.assert(fc.property(arb, ([c, x, k]) => {
      const geometry = {
        inputShape: [c.n, c.h, c.w, c.cin] as [number, number, number, number],
        kernelShape: [c.k, c.k, c.cin, c.cout] as [number, number, number, number],
        strides: [c.s, c.s] as [number, number],
        padding: (c.same ? 'same' : 'valid') as 'same' | 'valid',
      };
      const ref = integerConv2d(x, k, geometry);
      const bs = bitSerialConv2d({ values: x, bits: c.ba, signed: c.as }, { values: k, bits: c.bw, signed: c.ws }, geometry);
      expect(bs.shape).toEqual(ref.shape);
      expect(Array.from(bs.values)).toEqual(Array.from(ref.values));
      expect(bs.bitops).toBe(ref.macs * c.bw * c.ba);
    }), { numRuns: 60 });
  });

  it('integer convolution matches a hand-computed same-padding example', () => {
    // 1×3×3×1 input 1..9, 3×3 kernel of ones, same padding: centre = 45, corner = 1+2+4+5 = 12.
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const r = integerConv2d(x, new Array(9).fill(1), { inputShape: [1, 3, 3, 1], kernelShape: [3, 3, 1, 1], padding: 'same' });
    expect(r.shape).toEqual([1, 3, 3, 1]);
    expect(r.values[4]).toBe(45);
    expect(r.values[0]).toBe(12);
  });
});
