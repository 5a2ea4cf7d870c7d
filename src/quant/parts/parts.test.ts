import { describe, expect, it } from 'vitest';
import { clamp, maxInt, minInt } from './clamp';
import { intFakeQuant } from './intQuant';
import { logFakeQuant, logLevel } from './logQuant';
import { logCode, roundHalfAway } from './round';
import { allNonNegative, maxAbs, maxAbsScale, pow2Ceil } from './scale';

describe('round', () => {
  it('rounds ties away from zero, symmetrically', () => {
    expect([2.5, -2.5, 2.4, -2.6, 0.5, -0.5].map(roundHalfAway)).toEqual([3, -3, 2, -3, 1, -1]);
    expect(Object.is(roundHalfAway(-0.4), -0)).toBe(true);
  });
  it('logCode follows the worked example', () => {
    expect(logCode(Math.log2(0.3), 0, 2)).toBe(-3);
    expect(logCode(-Infinity, 0, 2)).toBe(-Infinity);
  });
});

describe('clamp and the Brevitas integer range', () => {
  it('clamps', () => {
    expect(clamp(130, -127, 127)).toBe(127);
    expect(clamp(-130, -127, 127)).toBe(-127);
    expect(clamp(5, -127, 127)).toBe(5);
  });
  it('maxInt / minInt match the documented examples', () => {
    expect(maxInt(true, true, 8)).toBe(127);
    expect(maxInt(true, false, 8)).toBe(127);
    expect(maxInt(false, false, 8)).toBe(255);
    expect(maxInt(false, true, 4)).toBe(14);
    expect(minInt(true, true, 8)).toBe(-127);
    expect(minInt(true, false, 8)).toBe(-128);
    expect(minInt(false, false, 8)).toBe(0);
  });
});

describe('scale helpers', () => {
  it('max-abs, signs, powers of two', () => {
    expect(maxAbs([0.5, -2, 1])).toBe(2);
    expect(maxAbs([])).toBe(0);
    expect(allNonNegative([0, 1])).toBe(true);
    expect(allNonNegative([0, -1e-9])).toBe(false);
    expect(maxAbsScale(2.54, 127)).toBeCloseTo(0.02, 12);
    expect(maxAbsScale(0, 127)).toBe(0);
    expect([0.3, 1, 5].map(pow2Ceil)).toEqual([0.5, 1, 8]);
  });
});

describe('intFakeQuant', () => {
  it('follows the worked example and zero scale', () => {
    const out = intFakeQuant(new Float32Array([0.337, -1.2]), 0.1, -7, 7, new Float32Array(2));
    expect(out[0]).toBeCloseTo(0.3, 6);
    expect(out[1]).toBeCloseTo(-0.7, 6);
    expect(Array.from(intFakeQuant(new Float32Array([1, 2]), 0, -7, 7, new Float32Array(2)))).toEqual([0, 0]);
  });
});

describe('logFakeQuant', () => {
  it('follows the worked example (m = 2, s = 1, L = 3)', () => {
    const out = logFakeQuant(new Float32Array([-0.6, 0.3, 1.5, 0]), 1, 2, 3, true, new Float32Array(4));
    expect(out[0]).toBeCloseTo(-Math.SQRT1_2, 6);
    expect(out[1]).toBe(0);
    expect(out[2]).toBe(1);
    expect(out[3]).toBe(0);
  });
  it('unsigned maps negatives to zero', () => {
    const out = logFakeQuant(new Float32Array([-0.6, 0.6]), 1, 2, 3, false, new Float32Array(2));
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
  it('flushes float32-subnormal levels to zero', () => {
    expect(logLevel(2 ** -120, -20, 2)).toBe(0);
    expect(logLevel(0.5, -3, 2)).toBeCloseTo(0.5 * 2 ** -1.5, 7);
  });
});
