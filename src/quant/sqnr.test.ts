import { describe, expect, it } from 'vitest';
import { uniform } from './testing/data';
import { kahanSqnrDb, kahanSum } from './testing/reference';
import {
  combineSqnrDb, dbToLinear, linearToDb, mse, readSqnr, sqnrDb, sqnrFromJson, sqnrFromNumber, sqnrFromSums, sqnrToJson,
  sqnrToNumber,
} from './sqnr';

describe('sqnrDb', () => {
  it('follows the worked example', () => {
    expect(sqnrDb([1, -1], [0.9, -1])).toBeCloseTo(10 * Math.log10(2 / 0.01), 10);
  });
  it('is Infinity when lossless and null for an all-zero signal, never NaN', () => {
    expect(sqnrDb([1, 2], [1, 2])).toBe(Infinity);
    expect(sqnrDb([0, 0], [0, 0])).toBeNull();
    expect(sqnrDb([0, 0], [1, 0])).toBeNull();
    expect(sqnrDb([], [])).toBeNull();
  });
  it('rejects mismatched lengths and non-finite data', () => {
    expect(() => sqnrDb([1], [1, 2])).toThrow('1 signal vs 2 quantized');
    expect(() => sqnrDb([NaN], [1])).toThrow(/non-finite/);
    expect(() => sqnrFromSums(1, NaN)).toThrow(/non-finite/);
  });
  it('accumulates in float64: 1e6 elements at 8 bits agree with a Kahan reference', () => {
    const n = 1_000_000;
    const x = uniform(n, -1, 1, 11);
    const s = 1 / 127;
    const q = new Float32Array(n);
    for (let i = 0; i < n; i++) q[i] = Math.round(x[i] / s) * s;
    const ref = kahanSqnrDb(x, q);
    expect(Math.abs((sqnrDb(x, q) as number) - ref)).toBeLessThan(1e-9);
    // A float32 running sum drifts visibly on the same data: the reason for float64.
    let s32 = Math.fround(0);
    for (let i = 0; i < n; i++) s32 = Math.fround(s32 + Math.fround(x[i] * x[i]));
    expect(Math.abs(s32 - kahanSum(n, (i) => x[i] * x[i]))).toBeGreaterThan(1);
  });
});

describe('mse', () => {
  it('is the mean of squared differences', () => {
    expect(mse([1, 2], [1, 1.5])).toBe(0.125);
    expect(mse([], [])).toBe(0);
  });
});

describe('JSON and unit conversions', () => {
  it('round-trips Infinity, null and numbers', () => {
    for (const v of [23.5, Infinity, null, -3]) expect(sqnrFromJson(sqnrToJson(v))).toBe(v);
    expect(sqnrToJson(Infinity)).toBe('Infinity');
    expect(JSON.stringify(sqnrToJson(Infinity))).toBe('"Infinity"');
  });
  it('rejects invalid values', () => {
    expect(() => sqnrToJson(NaN)).toThrow();
    expect(() => sqnrFromJson('inf' as never)).toThrow('not an SQNR value: "inf"');
  });
  it('reads every spelling for display (readSqnr), never NaN', () => {
    expect(readSqnr('Infinity')).toBe(Infinity);
    expect(readSqnr(Infinity)).toBe(Infinity);
    expect(readSqnr(null)).toBeNull();
    expect(readSqnr(undefined)).toBeNull();
    expect(readSqnr(NaN)).toBeNull();
    expect(readSqnr(-3)).toBe(-3);
    // The packed wire form reads back the same: null travels as NaN.
    for (const v of [23.5, 'Infinity' as const, null]) expect(readSqnr(sqnrToNumber(v))).toBe(readSqnr(v));
    expect(sqnrFromNumber(sqnrToNumber(null))).toBeNull();
  });
  it('converts dB and linear ratios', () => {
    expect(dbToLinear(30)).toBeCloseTo(1000, 9);
    expect(linearToDb(1000)).toBeCloseTo(30, 12);
    expect(combineSqnrDb([30, 30])).toBeCloseTo(10 * Math.log10(500), 10);
    expect(combineSqnrDb([Infinity, null])).toBe(Infinity);
  });
});
