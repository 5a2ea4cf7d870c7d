import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmax, argmaxRows } from './argmax';

describe('argmax', () => {
  it('follows the examples: first index on ties, NaN never wins', () => {
    expect(argmax([1, 3, 3])).toBe(1);
    expect(argmax([5, 1, 9, 2], 1, 2)).toBe(1);
    expect(argmax([NaN, 2, 1])).toBe(1);
    expect(argmax([NaN, NaN])).toBe(0);
    expect(argmax([-Infinity, -Infinity])).toBe(0);
    expect(Array.from(argmaxRows([0, 2, 7, 1], 2, 2))).toEqual([1, 0]);
  });
  it('picks a value no smaller than any other, the first such (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 20 }), (v) => {
      const k = argmax(v);
      expect(v.every((x) => x <= v[k])).toBe(true);
      expect(v.slice(0, k).every((x) => x < v[k])).toBe(true);
    }));
  });
  it('argmaxRows writes each row at the offset and leaves the rest alone', () => {
    const out = new Int32Array(5).fill(-1);
    argmaxRows(new Float32Array([1, 0, 0, 0, 0, 1, 0, 5, 0]), 3, 3, out, 2);
    expect(Array.from(out)).toEqual([-1, -1, 0, 2, 1]);
  });
});
