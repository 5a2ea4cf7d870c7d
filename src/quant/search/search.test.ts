import { describe, expect, it } from 'vitest';
import { normal } from '../testing/data';
import { searchMin } from './searchMin';
import { logSse, magnitudeStats, uniformSse, type MagnitudeStats } from './magnitudes';

function bruteUniform(st: MagnitudeStats, step: number, maxCode: number): number {
  let s = 0;
  st.sorted.forEach((v, i) => {
    const q = Math.min(Math.round(v / step), maxCode) * step;
    s += st.weight[i] * (v - q) ** 2;
  });
  return s;
}
function bruteLog(st: MagnitudeStats, s: number, m: number, levels: number): number {
  let e = 0;
  st.sorted.forEach((v, i) => {
    let c = v > 0 ? Math.round(m * Math.log2(v / s)) : -Infinity;
    if (c > 0) c = 0;
    const q = c > -levels ? s * 2 ** (c / m) : 0;
    e += st.weight[i] * (v - q) ** 2;
  });
  return e;
}

describe('magnitudeStats', () => {
  it('sorts magnitudes and builds prefix sums', () => {
    const st = magnitudeStats(new Float32Array([-2, 0.5, 1]), true);
    expect(Array.from(st.sorted)).toEqual([0.5, 1, 2]);
    expect(Array.from(st.p1)).toEqual([0, 0.5, 1.5, 3.5]);
    expect(st.range).toBe(2);
    const un = magnitudeStats(new Float32Array([-2, 0.5, 1]), false);
    expect(Array.from(un.sorted)).toEqual([0, 0.5, 1]);
    expect(un.range).toBe(1);
  });
  it('past the cap: a weighted strided bulk plus the exact tail, weights summing to n', () => {
    const x = normal(10_000, 1, 3);
    const st = magnitudeStats(x, true, 1000, 100);
    const mags = Array.from(x, Math.abs).sort((a, b) => b - a);
    expect(st.range).toBe(mags[0]);
    expect(st.sorted.length).toBeLessThan(1300);
    expect(st.p0[st.sorted.length]).toBeCloseTo(10_000, 6);
    for (let i = 1; i < st.sorted.length; i++) expect(st.sorted[i]).toBeGreaterThanOrEqual(st.sorted[i - 1]);
    // The 50 largest magnitudes are all there, exactly, with weight 1.
    const n = st.sorted.length;
    for (let k = 0; k < 50; k++) {
      expect(st.sorted[n - 1 - k]).toBe(mags[k]);
      expect(st.weight[n - 1 - k]).toBe(1);
    }
    expect(st.weight[0]).toBeGreaterThan(5);
    expect(magnitudeStats(x, true, 1000, 100)).toEqual(st); // deterministic
  });
});

describe('closed-form errors equal brute force', () => {
  const small = magnitudeStats(normal(1000, 1, 7), true);
  const big = magnitudeStats(normal(30_000, 1, 7), true);
  it.each([1, 3, 7, 127, 2000])('uniformSse, maxCode %i', (maxCode) => {
    for (const st of [small, big]) {
      for (const step of [0.01, 0.1, 0.5, st.range / maxCode]) {
        const ref = bruteUniform(st, step, maxCode);
        expect(Math.abs(uniformSse(st, step, maxCode) - ref)).toBeLessThan(1e-9 * st.p2[st.sorted.length]);
      }
    }
  });
  it.each([1, 3, 7, 127])('logSse, levels %i', (levels) => {
    for (const st of [small, big]) {
      for (const s of [0.5, 1, st.range, 4]) {
        for (const m of [1, 2]) {
          const ref = bruteLog(st, s, m, levels);
          expect(Math.abs(logSse(st, s, m, levels) - ref)).toBeLessThan(1e-9 * st.p2[st.sorted.length]);
        }
      }
    }
  });
  it('matches the documented examples', () => {
    const ex = magnitudeStats(new Float32Array([0.1, 0.9]), true);
    expect(uniformSse(ex, 0.5, 1)).toBeCloseTo(0.01 + 0.16, 6);
    const ex2 = magnitudeStats(new Float32Array([0.3, 0.6]), true);
    expect(logSse(ex2, 1, 2, 3)).toBeCloseTo(0.09 + (0.6 - Math.SQRT1_2) ** 2, 6);
  });
});

describe('searchMin', () => {
  it('finds a smooth minimum (documented example)', () => {
    const t = searchMin((v) => (v - 0.37) ** 2, { lo: 0, hi: 1, coarse: 11, golden: 12 });
    expect(Math.abs(t - 0.37)).toBeLessThan(0.001);
  });
  it('picks the right basin of a two-basin function', () => {
    const f = (v: number) => Math.min((v - 0.2) ** 2 + 0.01, (v - 0.8) ** 2);
    expect(searchMin(f, { lo: 0, hi: 1, coarse: 11, golden: 15 })).toBeCloseTo(0.8, 3);
  });
  it('stays inside the interval and prefers hi on ties', () => {
    expect(searchMin(() => 1, { lo: 0, hi: 1, coarse: 5, golden: 5 })).toBe(1);
    const t = searchMin((v) => -v, { lo: 0, hi: 2, coarse: 5, golden: 5 });
    expect(t).toBe(2);
    const u = searchMin((v) => v, { lo: 0.05, hi: 1, coarse: 5, golden: 8 });
    expect(u).toBeGreaterThanOrEqual(0.05);
  });
});
