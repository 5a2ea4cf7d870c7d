import { describe, expect, it } from 'vitest';
import { averageBits, scaleBitsFor, weightStorageBits } from './cost';

describe('weightStorageBits', () => {
  it('counts weights and stored scales (documented examples)', () => {
    expect(weightStorageBits(1000, 4, 10, 'per-tensor')).toBe(4032);
    expect(weightStorageBits(1000, 4, 10, 'per-filter')).toBe(4320);
    expect(weightStorageBits(1000, [2, 2, 2, 2, 2, 8, 8, 8, 8, 8], 10, 'per-filter')).toBe(5360);
    expect(weightStorageBits(1000, Array(10).fill(4), 10, 'per-filter')).toBe(4320);
  });
  it('stores power-of-two scales as 8-bit exponents', () => {
    expect(scaleBitsFor('dfp')).toBe(8);
    expect(scaleBitsFor('log2')).toBe(8);
    expect(scaleBitsFor('nlq')).toBe(8);
    expect(scaleBitsFor('fixed')).toBe(32);
    expect(scaleBitsFor('log2-sqrt2')).toBe(32);
    expect(weightStorageBits(1000, 4, 10, 'per-filter', scaleBitsFor('dfp'))).toBe(4080);
  });
  it('rejects inconsistent shapes', () => {
    expect(() => weightStorageBits(1000, [4, 4], 10, 'per-filter')).toThrow('2 entries for 10 filters');
    expect(() => weightStorageBits(1000, Array(10).fill(4), 10, 'per-tensor')).toThrow('per-filter granularity');
    expect(() => weightStorageBits(-1, 4, 10, 'per-tensor')).toThrow('non-negative');
  });
});

describe('averageBits', () => {
  it('is the mean of per-filter bits', () => {
    expect(averageBits([2, 4, 6])).toBe(4);
    expect(averageBits(8)).toBe(8);
    expect(() => averageBits([])).toThrow(/no bit-widths/);
  });
});
