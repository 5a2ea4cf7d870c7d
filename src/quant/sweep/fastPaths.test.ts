/**
 * The sweep's shortcuts against the code they replace, on random data (fast-check). Each
 * shortcut claims to give the very same float64 numbers, so these compare with toBe /
 * toEqual, not within a tolerance:
 * - BucketIndex.lowerBound vs binary search;
 * - uniformSse / logSse (bucket lookups) vs their galloping originals, copied here;
 * - logSseLevels vs logSse per level count; log2Sqrt2Scales vs log2Sqrt2Params;
 * - RANGE_SCALE vs CALIBRATE's params; SortedFilter.load vs a comparison sort and the same
 *   compensated prefix sums (also on data whose keys share their high bits, where the
 *   insertion pass gives up and a third radix pass sorts); magnitudeStatsInRange vs
 *   magnitudeStats; the per-filter error reused from the per-tensor pass vs a
 *   sweep that computes every per-filter error afresh.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logLevel, pow2Frac } from '../parts/logQuant';
import { roundHalfAway } from '../parts/round';
import { log2Sqrt2Params, log2Sqrt2Scales } from '../quantizers/log2Sqrt2';
import { BucketIndex } from '../search/bucketIndex';
import {
  gallopDown, gallopUp, logSse, logSseLevels, lowerBound, magnitudeStats, magnitudeStatsInRange, uniformSse, type MagnitudeStats,
} from '../search/magnitudes';
import { sweepWeights } from '../sweep';
import { SWEEP_BITS, WEIGHT_SCHEMES } from '../types';
import { CALIBRATE, RANGE_SCALE } from './layerData';
import { logRunsSse, logRunsSseShared, uniformRunsSse } from './runErrors';
import { insertionSettle, SortedFilter } from './sortedFilter';

const f32 = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });
/** Weights-like data: a bell of random width, some exact zeros and repeats, a few outliers. */
const tensor = (max = 2000) => fc.tuple(
  fc.integer({ min: 1, max }), fc.double({ min: 1e-4, max: 3, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.array(f32, { maxLength: 8 }), fc.double({ min: 0, max: 0.3, noNaN: true }),
).map(([n, sigma, seed, extra, zeros]) => {
  let s = seed || 1;
  const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const x = new Float32Array(n + extra.length);
  for (let i = 0; i < n; i++) {
    const u = r();
    x[i] = u < zeros ? 0 : u < zeros + 0.05 ? x[Math.floor(r() * (i + 1))] : sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(6.283185307 * r());
  }
  x.set(extra, n);
  return x;
});

// ---- the galloping originals (before the bucket index), verbatim ----
function runSseRef(st: MagnitudeStats, i0: number, i1: number, v: number): number {
  if (i1 <= i0) return 0;
  const s0 = st.p0[i1] - st.p0[i0];
  const s1 = st.p1[i1] - st.p1[i0];
  const s2 = st.p2[i1] - st.p2[i0];
  const e = s2 - 2 * v * s1 + v * v * s0;
  return e > 0 ? e : 0;
}
function uniformSseRef(st: MagnitudeStats, step: number, maxCode: number): number {
  const n = st.sorted.length;
  let sse = 0;
  if (!(maxCode * Math.log2(n + 1) * 0.5 < n)) {
    const inv = 1 / step;
    for (let i = 0; i < n; i++) {
      const a = st.sorted[i];
      const k = Math.floor(a * inv + 0.5);
      const d = a - (k > maxCode ? maxCode : k) * step;
      sse += st.weight[i] * d * d;
    }
    return sse;
  }
  let i0 = 0;
  for (let k = 0; k < maxCode && i0 < n; k++) {
    const i1 = gallopUp(st.sorted, (k + 0.5) * step, i0);
    sse += runSseRef(st, i0, i1, k * step);
    i0 = i1;
  }
  return sse + runSseRef(st, i0, n, maxCode * step);
}
function logSseRef(st: MagnitudeStats, s: number, m: number, levels: number): number {
  const { sorted } = st;
  let sse = 0;
  let hi = sorted.length;
  const lg = Math.log2(s);
  const half = s * 2 ** (-0.5 / m);
  for (let j = 0; j < levels && hi > 0;) {
    const lo = gallopDown(sorted, half * pow2Frac(-j, m), hi);
    if (lo < hi) sse += runSseRef(st, lo, hi, s * pow2Frac(-j, m));
    hi = Math.min(hi, lo);
    if (hi === 0) break;
    const next = -Math.min(0, roundHalfAway(m * (Math.log2(sorted[hi - 1]) - lg)));
    j = next > j + 1 ? next : j + 1;
  }
  return sse + runSseRef(st, 0, hi, 0);
}

// ---- the run errors before their run ends started from the bucket index, verbatim ----
const NEAR_LOSSLESS = 1e-7;

function runSse(sf: SortedFilter, i0: number, i1: number, v: number): number {
  const { a } = sf;
  const s2 = sf.sum2(i0, i1);
  const e = s2 - 2 * v * sf.sum1(i0, i1) + v * v * (i1 - i0);
  if (e > NEAR_LOSSLESS * s2) return e;
  let d = 0;
  for (let i = i0; i < i1; i++) d += (a[i] - v) * (a[i] - v);
  return d;
}

function uniformRunEnd(a: Float64Array, n: number, from: number, inv: number, k: number): number {
  let lo = from + 1;
  let hi = lo;
  for (let step = 1; hi < n && Math.floor(a[hi] * inv + 0.5) <= k; step *= 2) {
    lo = hi + 1;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Math.floor(a[mid] * inv + 0.5) <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function uniformRunsSseRef(sf: SortedFilter, s: number, inv: number, topPos: number, topNeg: number): number {
  const { a, n, neg } = sf;
  if (!(s > 0)) return sf.sum2(0, n);
  const top = Math.min(topPos, topNeg);
  let sse = 0;
  for (let i0 = 0; i0 < n;) {
    const k = Math.floor(a[i0] * inv + 0.5);
    if (k >= top) {
      if (topPos === topNeg) return sse + runSse(sf, i0, n, Math.fround(top * s));
      for (let i = i0; i < n; i++) {
        const t = neg[i] ? topNeg : topPos;
        const kk = Math.floor(a[i] * inv + 0.5);
        const d = a[i] - Math.fround((kk > t ? t : kk) * s);
        sse += d * d;
      }
      return sse;
    }
    const i1 = uniformRunEnd(a, n, i0, inv, k);
    sse += runSse(sf, i0, i1, Math.fround(k * s));
    i0 = i1;
  }
  return sse;
}

function logCodeOf(l: number, lg: number, m: number): number {
  const y = m * (l - lg);
  return y < 0 ? -Math.floor(0.5 - y) : 0;
}

function logRunEnd(a: Float64Array, n: number, from: number, lg: number, m: number, c: number): number {
  let lo = from + 1;
  let hi = lo;
  for (let step = 1; hi < n && logCodeOf(Math.log2(a[hi]), lg, m) <= c; step *= 2) {
    lo = hi + 1;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (logCodeOf(Math.log2(a[mid]), lg, m) <= c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function logRunsRef(
  sf: SortedFilter, s: number, lg: number, m: number, maxLevels: number,
  visit: (c: number, i0: number, i1: number, v: number) => void,
): void {
  const { a, n } = sf;
  for (let i0 = 0; i0 < n;) {
    const c = logCodeOf(Math.log2(a[i0]), lg, m);
    if (!(c > -maxLevels)) {
      const i1 = logRunEnd(a, n, i0, lg, m, -maxLevels);
      visit(-Infinity, i0, i1, 0);
      i0 = i1;
    } else if (c === 0) {
      visit(0, i0, n, logLevel(s, 0, m));
      return;
    } else {
      const i1 = logRunEnd(a, n, i0, lg, m, c);
      visit(c, i0, i1, logLevel(s, c, m));
      i0 = i1;
    }
  }
}

function logRunsSseRef(sf: SortedFilter, s: number, lg: number, m: number, levels: number): number {
  if (!(s > 0)) return sf.sum2(0, sf.n);
  let sse = 0;
  logRunsRef(sf, s, lg, m, levels, (_c, i0, i1, v) => (sse += runSse(sf, i0, i1, v)));
  return sse;
}

function logRunsSseSharedRef(
  sf: SortedFilter, s: number, lg: number, m: number, levels: Float64Array, err: Float64Array, offset: number,
): void {
  const B = levels.length;
  if (!(s > 0)) {
    for (let b = 0; b < B; b++) err[offset + b] += sf.sum2(0, sf.n);
    return;
  }
  let maxLevels = 0;
  for (let b = 0; b < B; b++) maxLevels = Math.max(maxLevels, levels[b]);
  logRunsRef(sf, s, lg, m, maxLevels, (c, i0, i1, v) => {
    const e = runSse(sf, i0, i1, v);
    const zeroed = sf.sum2(i0, i1);
    for (let b = 0; b < B; b++) err[offset + b] += c > -levels[b] ? e : zeroed;
  });
}

describe('BucketIndex', () => {
  it('finds exactly lowerBound for any threshold', () => {
    fc.assert(fc.property(tensor(3000), fc.array(fc.double({ min: -1, max: 20, noNaN: true }), { maxLength: 40 }), fc.integer({ min: 1, max: 5000 }),
      (x, ts, buckets) => {
        const sorted = Float64Array.from(x, Math.abs).sort();
        const top = sorted[sorted.length - 1];
        const index = new BucketIndex(sorted, top, buckets);
        // Thresholds at, just around and between the elements, and far away.
        const probes = [...ts, 0, top, top * 2, ...Array.from(sorted.subarray(0, 50)), ...Array.from(sorted.subarray(0, 50), (v) => v * (1 + 2 ** -52))];
        for (const t of probes) expect(index.lowerBound(t)).toBe(lowerBound(sorted, t));
      }), { numRuns: 150 });
  });
  it('answers an all-zero array (no buckets) and an empty one', () => {
    const z = new BucketIndex(new Float64Array(5), 0);
    expect([z.lowerBound(0), z.lowerBound(1e-30), z.lowerBound(-1)]).toEqual([0, 5, 0]);
    expect(new BucketIndex(new Float64Array(0), 0).lowerBound(1)).toBe(0);
  });
});

describe('search errors equal the galloping originals bit for bit', () => {
  it('uniformSse and logSse', () => {
    fc.assert(fc.property(tensor(), fc.boolean(), fc.integer({ min: 2, max: 8 }), fc.double({ min: 0.02, max: 1.2, noNaN: true }),
      (x, signed, bits, t) => {
        const st = magnitudeStats(x, signed);
        if (!(st.range > 0)) return;
        const maxCode = 2 ** (bits - (signed ? 1 : 0)) - 1;
        const step = (t * st.range) / maxCode;
        expect(uniformSse(st, step, maxCode)).toBe(uniformSseRef(st, step, maxCode));
        for (const m of [1, 2]) expect(logSse(st, st.range * t, m, maxCode)).toBe(logSseRef(st, st.range * t, m, maxCode));
      }), { numRuns: 300 });
  });
  it('logSseLevels gives every level count logSse gives', () => {
    fc.assert(fc.property(tensor(), fc.double({ min: 0.05, max: 1.5, noNaN: true }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
      (x, u, levels) => {
        const st = magnitudeStats(x, true);
        if (!(st.range > 0)) return;
        const out = new Float64Array(levels.length);
        for (const m of [1, 2]) {
          logSseLevels(st, st.range * u, m, levels, out);
          expect(Array.from(out)).toEqual(levels.map((l) => logSse(st, st.range * u, m, l)));
        }
      }), { numRuns: 200 });
  });
  it('log2Sqrt2Scales equals log2Sqrt2Params one bit-width at a time', () => {
    fc.assert(fc.property(tensor(), fc.boolean(), fc.subarray([...SWEEP_BITS], { minLength: 1 }), (x, signed, bits) => {
      const st = magnitudeStats(x, signed);
      const out = new Float64Array(bits.length);
      log2Sqrt2Scales(st, bits, signed, out);
      expect(Array.from(out)).toEqual(bits.map((b) => log2Sqrt2Params(st, b, signed).scale));
    }), { numRuns: 100 });
  });
});

describe('run errors with bucket-started run ends equal the galloping originals bit for bit', () => {
  it('uniform (symmetric and dfp-style tops) and log (one level count and shared)', () => {
    fc.assert(fc.property(tensor(3000), fc.integer({ min: 2, max: 8 }), fc.double({ min: 0.01, max: 2, noNaN: true }), fc.boolean(),
      (x, bits, t, asym) => {
        const sf = new SortedFilter(x.length);
        sf.load(x, 1, 0);
        const range = sf.a[sf.n - 1];
        if (!(range > 0)) return;
        const top = 2 ** (bits - 1) - 1;
        const s = (t * range) / top;
        expect(uniformRunsSse(sf, s, 1 / s, top, asym ? top + 1 : top)).toBe(uniformRunsSseRef(sf, s, 1 / s, top, asym ? top + 1 : top));
        for (const m of [1, 2]) {
          const sl = range * t;
          expect(logRunsSse(sf, sl, Math.log2(sl), m, top)).toBe(logRunsSseRef(sf, sl, Math.log2(sl), m, top));
          const levels = Float64Array.from([1, 3, 7, 15, 31, 63, 127]);
          const got = new Float64Array(7);
          const want = new Float64Array(7);
          logRunsSseShared(sf, sl, Math.log2(sl), m, levels, got, 0);
          logRunsSseSharedRef(sf, sl, Math.log2(sl), m, levels, want, 0);
          expect(Array.from(got)).toEqual(Array.from(want));
        }
      }), { numRuns: 300 });
  });
});

describe('RANGE_SCALE', () => {
  it("equals CALIBRATE's params scale for any range", () => {
    const range = fc.oneof(fc.constant(0), fc.double({ min: 1e-38, max: 1e30, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }));
    fc.assert(fc.property(range, fc.integer({ min: 2, max: 8 }), fc.boolean(), fc.double({ min: 0.01, max: 4, noNaN: true }), (r, b, signed, unit) => {
      for (const [key, scale] of Object.entries(RANGE_SCALE)) {
        const k = key as keyof typeof CALIBRATE;
        expect(scale!(r, b, signed, unit)).toBe(CALIBRATE[k]({ range: r, stats: () => { throw new Error('not a range scheme'); } }, b, signed, unit).scale);
      }
    }), { numRuns: 300 });
  });
});

/** Values in [1, 1 + 2⁻¹²) of either sign: every key has the same high 21 bits. */
const narrow = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 2 ** 31 - 1 })).map(([n, seed]) => {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Float32Array.from({ length: n }, () => (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 2 ** 11) * 2 ** -23));
});

describe('SortedFilter.load', () => {
  it('insertionSettle sorts within its budget, and past it leaves a permutation', () => {
    const k = Uint32Array.from([5, 3, 9, 1, 7]);
    expect(insertionSettle(k, 5, 100)).toBe(true);
    expect(Array.from(k)).toEqual([1, 3, 5, 7, 9]);
    const r = Uint32Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(insertionSettle(r, 9, 5)).toBe(false);
    expect(Array.from(r).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('sorts by magnitude key exactly and sums like the reference', () => {
    fc.assert(fc.property(fc.oneof(tensor(3000), narrow), fc.integer({ min: 1, max: 4 }), (x0, filters) => {
      const x = x0.subarray(0, x0.length - (x0.length % filters));
      if (x.length === 0) return;
      const sf = new SortedFilter(x.length / filters);
      const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
      for (let f = 0; f < filters; f++) {
        sf.load(x, filters, f);
        const keys: number[] = [];
        for (let i = f; i < x.length; i += filters) keys.push((((bits[i] & 0x7fffffff) << 1) | (bits[i] >>> 31)) >>> 0);
        keys.sort((a, b) => a - b);
        const mags = new Float32Array(Uint32Array.from(keys, (k) => k >>> 1).buffer);
        expect(Array.from(sf.a.subarray(0, sf.n))).toEqual(Array.from(mags));
        expect(Array.from(sf.neg.subarray(0, sf.n))).toEqual(keys.map((k) => k & 1));
        expect(Array.from(sf.gathered.subarray(0, sf.n))).toEqual(Array.from(x.filter((_, i) => i % filters === f)));
        let s1 = 0;
        let e1 = 0;
        const p1 = [0];
        const c1 = [0];
        mags.forEach((v) => {
          const t = s1 + v;
          e1 += s1 >= v ? s1 - t + v : v - t + s1;
          s1 = t;
          p1.push(s1);
          c1.push(e1);
        });
        expect(Array.from(sf.p1.subarray(1, sf.n + 1))).toEqual(p1.slice(1));
        expect(Array.from(sf.c1.subarray(1, sf.n + 1))).toEqual(c1.slice(1));
      }
    }), { numRuns: 100 });
  });
});

describe('magnitudeStatsInRange', () => {
  it('equals magnitudeStats given the range (sampled tail of big inputs included)', () => {
    fc.assert(fc.property(fc.oneof(tensor(5000), narrow), fc.boolean(), (x, signed) => {
      const want = magnitudeStats(x, signed);
      const got = magnitudeStatsInRange(x, signed, want.range);
      for (const k of ['sorted', 'weight', 'p0', 'p1', 'p2', 'log2Sorted'] as const) expect(Array.from(got[k])).toEqual(Array.from(want[k]));
      expect(got.range).toBe(want.range);
    }), { numRuns: 150 });
  });
});

describe('per-filter errors reused from the per-tensor pass', () => {
  it('equal the per-filter errors computed afresh', () => {
    fc.assert(fc.property(tensor(3000), fc.integer({ min: 1, max: 6 }), (x0, filters) => {
      const x = x0.subarray(0, x0.length - (x0.length % filters));
      if (x.length < 64 * filters) return;
      const both = sweepWeights(x, filters, { engine: 'runs' });
      const alone = sweepWeights(x, filters, { engine: 'runs', perTensor: false });
      for (const key of WEIGHT_SCHEMES) expect(both.weightsPerFilter[key]).toEqual(alone.weightsPerFilter[key]);
    }), { numRuns: 40 });
  });
});
