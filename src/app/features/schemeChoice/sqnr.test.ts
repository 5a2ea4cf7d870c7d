import { describe, expect, it } from 'vitest';
import { drawableSqnr, formatSqnr, sqnrAxis, sqnrAxisMin, sqnrCap } from './sqnr';

describe('SQNR text and drawing', () => {
  it('prints lossless, n/a and dB', () => {
    expect(formatSqnr(Infinity)).toBe('lossless');
    expect(formatSqnr('Infinity')).toBe('lossless');
    expect(formatSqnr(null)).toBe('n/a');
    expect(formatSqnr(NaN)).toBe('n/a');
    expect(formatSqnr(24.26)).toBe('24.3 dB');
    expect(formatSqnr(-Infinity)).toBe('−∞ dB');
  });
  it('caps what is drawn', () => {
    expect(drawableSqnr(Infinity, 60)).toBe(60);
    expect(drawableSqnr('Infinity', 60)).toBe(60);
    expect(drawableSqnr(-Infinity, 60)).toBe(-60);
    expect(drawableSqnr(null, 60)).toBeNull();
    expect(drawableSqnr(NaN, 60)).toBeNull();
    expect(drawableSqnr(12, 60)).toBe(12);
  });
  it('chooses a cap above the largest finite value', () => {
    expect(sqnrCap([12, 47.3, Infinity, null])).toBe(60);
    expect(sqnrCap([])).toBe(10);
    expect(sqnrCap([Infinity])).toBe(10);
    expect(sqnrCap([55])).toBe(60);
  });
  it('starts axes at 0 or below negative data', () => {
    expect(sqnrAxisMin(12)).toBe(0);
    expect(sqnrAxisMin(-3.2)).toBe(-10);
    expect(sqnrAxisMin(NaN)).toBe(0);
    expect(sqnrAxisMin(-Infinity)).toBe(0);
  });
});

describe('sqnrAxis', () => {
  it('uses round 10 dB ticks from 0 or below negative values up to the cap', () => {
    expect(sqnrAxis([12, 47, null], 50)).toEqual({ domain: [0, 50], ticks: [0, 10, 20, 30, 40, 50] });
    expect(sqnrAxis([-3, 20], 30)).toEqual({ domain: [-10, 30], ticks: [-10, 0, 10, 20, 30] });
    expect(sqnrAxis([], 10)).toEqual({ domain: [0, 10], ticks: [0, 10] });
    expect(sqnrAxis([-50, 90], 100).ticks).toEqual([-60, -40, -20, 0, 20, 40, 60, 80, 100]);
  });
});
