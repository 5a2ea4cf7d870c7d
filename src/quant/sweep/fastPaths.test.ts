/**
 * The sweep's shortcuts on random data (fast-check). Where a shortcut replaces other code
 * of the studio and claims to give the very same float64 numbers, the two are compared
 * with toBe / toEqual, not within a tolerance:
 * - BucketIndex.lowerBound vs binary search;
 * - logSseLevels vs logSse per level count; log2Sqrt2Scales vs log2Sqrt2Params;
 * - RANGE_SCALE vs CALIBRATE's params; SortedFilter.load vs a comparison sort and the same
 *   compensated prefix sums (also on data whose keys share their high bits, where the
 *   insertion pass gives up and a third radix pass sorts); magnitudeStatsInRange vs
 *   magnitudeStats; the per-filter error reused from the per-tensor pass vs a
 *   sweep that computes every per-filter error afresh.
 * The run-based error sums (uniformSse / logSse, uniformRunsSse / logRunsSse / shared) are
 * checked against an element-by-element reference within 1e-9 of Σa² (run sums come from
 * prefix sums and cancel; a wrong run end moves whole runs of elements to another level).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logLevel, pow2Frac } from '../parts/logQuant';
import { log2Sqrt2Params, log2Sqrt2Scales } from '../quantizers/log2Sqrt2';
import { BucketIndex } from '../search/bucketIndex';
import {
  logSse, logSseLevels, lowerBound, magnitudeStats, magnitudeStatsInRange, uniformSse, type MagnitudeStats,
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

// ---- plain references: every element quantized on its own (no runs, no index, no prefix sums) ----
/** Σ w·a² of the magnitudes: the scale the references' tolerance is relative to. */
const energy = (a: ArrayLike<number>, w?: ArrayLike<number>) => {
  let e = 0;
  for (let i = 0; i < a.length; i++) e += (w ? w[i] : 1) * a[i] * a[i];
  return e;
};
/** |got − want| within 1e-9 of the data's energy: run sums cancel, element sums do not. */
function expectClose(got: number, want: number, scale: number): void {
  expect(Number.isFinite(got)).toBe(true);
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * scale + 1e-300);
}
function uniformSseRef(st: MagnitudeStats, step: number, maxCode: number): number {
  let sse = 0;
  for (let i = 0; i < st.sorted.length; i++) {
    const a = st.sorted[i];
    const d = a - Math.min(Math.floor(a / step + 0.5), maxCode) * step;
    sse += st.weight[i] * d * d;
  }
  return sse;
}
/** The level magnitude a lands on: s·2^(−j/m) for the smallest j with a ≥ s·2^(−(j + ½)/m), 0 from j = levels on. */
function logLevelRef(a: number, s: number, m: number, levels: number): number {
  const half = s * 2 ** (-0.5 / m);
  let j = Math.max(0, Math.floor(m * Math.log2(half / a)) - 1);
  while (j < levels && a < half * pow2Frac(-j, m)) j++;
  return j < levels ? s * pow2Frac(-j, m) : 0;
}
function logSseRef(st: MagnitudeStats, s: number, m: number, levels: number): number {
  let sse = 0;
  for (let i = 0; i < st.sorted.length; i++) {
    const d = st.sorted[i] - logLevelRef(st.sorted[i], s, m, levels);
    sse += st.weight[i] * d * d;
  }
  return sse;
}
function uniformRunsSseRef(sf: SortedFilter, s: number, topPos: number, topNeg: number): number {
  let sse = 0;
  for (let i = 0; i < sf.n; i++) {
    const k = Math.min(Math.floor(sf.a[i] / s + 0.5), sf.neg[i] ? topNeg : topPos);
    const d = sf.a[i] - Math.fround(k * s);
    sse += d * d;
  }
  return sse;
}
/** Round-half-away log code of a (≤ 0); codes at or below −levels quantize to 0. */
function logRunsSseRef(sf: SortedFilter, s: number, m: number, levels: number): number {
  let sse = 0;
  for (let i = 0; i < sf.n; i++) {
    const y = m * (Math.log2(sf.a[i]) - Math.log2(s));
    const c = y < 0 ? -Math.floor(0.5 - y) : 0;
    const d = sf.a[i] - (c > -levels ? logLevel(s, c, m) : 0);
    sse += d * d;
  }
  return sse;
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

describe('search errors equal an element-by-element reference', () => {
  it('uniformSse and logSse', () => {
    fc.assert(fc.property(tensor(), fc.boolean(), fc.integer({ min: 2, max: 8 }), fc.double({ min: 0.02, max: 1.2, noNaN: true }),
      (x, signed, bits, t) => {
        const st = magnitudeStats(x, signed);
        if (!(st.range > 0)) return;
        const maxCode = 2 ** (bits - (signed ? 1 : 0)) - 1;
        const step = (t * st.range) / maxCode;
        const e = energy(st.sorted, st.weight);
        expectClose(uniformSse(st, step, maxCode), uniformSseRef(st, step, maxCode), e);
        for (const m of [1, 2]) expectClose(logSse(st, st.range * t, m, maxCode), logSseRef(st, st.range * t, m, maxCode), e);
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

describe('run errors equal an element-by-element reference', () => {
  it('uniform (symmetric and dfp-style tops) and log (one level count and shared)', () => {
    fc.assert(fc.property(tensor(3000), fc.integer({ min: 2, max: 8 }), fc.double({ min: 0.01, max: 2, noNaN: true }), fc.boolean(),
      (x, bits, t, asym) => {
        const sf = new SortedFilter(x.length);
        sf.load(x, 1, 0);
        const range = sf.a[sf.n - 1];
        if (!(range > 0)) return;
        const top = 2 ** (bits - 1) - 1;
        const s = (t * range) / top;
        const e = energy(sf.a.subarray(0, sf.n));
        expectClose(uniformRunsSse(sf, s, 1 / s, top, asym ? top + 1 : top), uniformRunsSseRef(sf, s, top, asym ? top + 1 : top), e);
        for (const m of [1, 2]) {
          const sl = range * t;
          expectClose(logRunsSse(sf, sl, Math.log2(sl), m, top), logRunsSseRef(sf, sl, m, top), e);
          const levels = [1, 3, 7, 15, 31, 63, 127];
          const got = new Float64Array(7);
          logRunsSseShared(sf, sl, Math.log2(sl), m, Float64Array.from(levels), got, 0);
          levels.forEach((l, b) => expectClose(got[b], logRunsSseRef(sf, sl, m, l), e));
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
