import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNumber, describeRule } from './numberRule';

const BITS = { min: 2, max: 8, step: 1, unit: 'bits' };

describe('checkNumber: no silent corrections', () => {
  it('refuses what the issue saw corrected silently (12→8, −1→2, 4.5→5, empty)', () => {
    expect(checkNumber('12', BITS)).toBe('12 is out of range: enter 2–8 bits, whole numbers.');
    expect(checkNumber('-1', BITS)).toMatch(/out of range/);
    expect(checkNumber('4.5', BITS)).toBe('4.5 is not allowed: enter 2–8 bits, whole numbers.');
    expect(checkNumber('', BITS)).toMatch(/^Enter a value/);
    expect(checkNumber('abc', BITS)).toMatch(/^Not a number/);
  });
  it('accepts exactly the values on the grid in range', () => {
    fc.assert(fc.property(fc.integer({ min: -20, max: 40 }), (k) => {
      const v = 0.1 + k * 0.1;
      const ok = checkNumber(String(v), { min: 0.1, max: 2, step: 0.1, unit: '%' }) === null;
      expect(ok).toBe(k >= 0 && k <= 19);
    }));
  });
  it('describes a range in words', () => {
    expect(describeRule({ min: 0.1, max: 20, step: 0.1, unit: '%' })).toBe('0.1–20 %, in steps of 0.1');
    expect(describeRule({ min: 0, max: 60, unit: 'dB' })).toBe('0–60 dB');
  });
});
