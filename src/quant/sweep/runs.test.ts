import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logFakeQuantMagnitude } from '../parts/logQuant';
import { magnitudeStats, magnitudeStatsOfSorted, StatsWorkspace } from '../search/magnitudes';
import { sqnrFromJson } from '../sqnr';
import { sweepWeights } from '../sweep';
import { laplace, normal, uniform } from '../testing/data';
import { SWEEP_BITS, WEIGHT_SCHEMES, type SqnrJson } from '../types';
import { logRunsSse, logRunsSseShared, uniformRunsSse } from './runErrors';
import { SortedFilter } from './sortedFilter';

const f32 = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });
const f32Array = (max = 300) => fc.array(f32, { minLength: 1, maxLength: max }).map((a) => Float32Array.from(a));

function load(x: Float32Array): SortedFilter {
  const sf = new SortedFilter(x.length);
  sf.load(x, 1, 0);
  return sf;
}

/** Direct Σ (|x| − q(|x|))², the slow way. */
const direct = (x: Float32Array, q: (a: number, negative: boolean) => number) =>
  Array.from(x).reduce((s, v) => s + (Math.abs(v) - q(Math.abs(v), v < 0)) ** 2, 0);

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1e-30, Math.abs(b)) + 1e-300;

describe('SortedFilter', () => {
  it('gathers one filter, sorts magnitudes with their signs, and builds prefix sums', () => {
    const x = new Float32Array([0.5, -2, -0.25, 1, -0, 3]);
    const sf = new SortedFilter(3);
    sf.load(x, 2, 1); // filter 1: −2, 1, 3
    expect(Array.from(sf.a.subarray(0, sf.n))).toEqual([1, 2, 3]);
    expect(Array.from(sf.neg.subarray(0, sf.n))).toEqual([0, 1, 0]);
    expect(sf.sum1(0, 3)).toBe(6);
    expect(sf.sum2(1, 3)).toBe(13);
    sf.load(x, 2, 0); // 0.5, −0.25, −0
    expect(Array.from(sf.a.subarray(0, sf.n))).toEqual([0, 0.25, 0.5]);
    expect(Array.from(sf.neg.subarray(0, sf.n))).toEqual([1, 1, 0]);
    expect(() => sf.load(new Float32Array(8), 1, 0)).toThrow(/capacity/);
  });

  it('sorts any float32 data exactly like a comparison sort', () => {
    fc.assert(fc.property(f32Array(600), (x) => {
      const sf = load(x);
      const want = Array.from(x, Math.abs).sort((a, b) => a - b);
      expect(Array.from(sf.a.subarray(0, sf.n))).toEqual(want);
      expect(close(sf.sum2(0, sf.n), want.reduce((s, v) => s + v * v, 0))).toBe(true);
    }), { numRuns: 200 });
  });
});

describe('run errors equal a direct pass', () => {
  it('uniform, symmetric and dfp-style asymmetric tops', () => {
    fc.assert(fc.property(f32Array(), fc.double({ min: 1e-3, max: 2, noNaN: true }), fc.integer({ min: 1, max: 200 }), fc.boolean(),
      (x, s, top, asym) => {
        const inv = 1 / s;
        const topNeg = asym ? top + 1 : top;
        const want = direct(x, (a, neg) => Math.fround(Math.min(Math.floor(a * inv + 0.5), neg ? topNeg : top) * s));
        expect(close(uniformRunsSse(load(x), s, inv, top, topNeg), want)).toBe(true);
      }), { numRuns: 300 });
  });

  it('log, per bit-width and shared over bit-widths', () => {
    fc.assert(fc.property(f32Array(), fc.double({ min: 1e-3, max: 8, noNaN: true }), fc.constantFrom(1, 2),
      fc.integer({ min: 1, max: 300 }), (x, s, m, levels) => {
        const lg = Math.log2(s);
        const q = (L: number) => (a: number) => logFakeQuantMagnitude(Math.log2(a), s, lg, m, L);
        const sf = load(x);
        expect(close(logRunsSse(sf, s, lg, m, levels), direct(x, q(levels)))).toBe(true);
        const L = Float64Array.from([1, levels, 3, 127]);
        const err = new Float64Array(5);
        logRunsSseShared(sf, s, lg, m, L, err, 1);
        expect(err[0]).toBe(0);
        L.forEach((l, b) => expect(close(err[1 + b], direct(x, q(l))), `levels ${l}`).toBe(true));
      }), { numRuns: 300 });
  });

  it('scale 0 quantizes everything to 0; lossless runs are exactly 0', () => {
    const x = new Float32Array([0.25, -0.5, 0.75, 0]);
    const sf = load(x);
    expect(uniformRunsSse(sf, 0, 0, 7, 7)).toBeCloseTo(0.875, 15);
    expect(logRunsSse(sf, 0, -Infinity, 2, 7)).toBeCloseTo(0.875, 15);
    expect(uniformRunsSse(sf, 0.25, 4, 7, 7)).toBe(0);
  });
});

describe('magnitudeStatsOfSorted', () => {
  it('equals magnitudeStats, exact and past the sample cap', () => {
    for (const x of [laplace(700, 1, 3), normal(4608, 0.1, 4), Float32Array.from(uniform(3000, 0, 1, 5))]) {
      const signed = x.some((v) => v < 0);
      const sf = load(x);
      expect(magnitudeStatsOfSorted(sf.gathered, sf.a, sf.n, signed)).toEqual(magnitudeStats(x, signed));
    }
  });

  it('with one workspace reused across filters of every size, each call still equals magnitudeStats', () => {
    const ws = new StatsWorkspace();
    // Big, small, big again: buffers grow, and a shorter call after a longer one must not see stale values.
    for (const x of [normal(4608, 0.1, 6), laplace(300, 1, 7), laplace(700, 0.5, 8), Float32Array.from(uniform(9000, -1, 1, 9)), normal(64, 1, 10)]) {
      const signed = x.some((v) => v < 0);
      const sf = load(x);
      const st = magnitudeStatsOfSorted(sf.gathered, sf.a, sf.n, signed, undefined, undefined, ws);
      const copy = Object.fromEntries(Object.entries(st).map(([k, v]) => [k, v instanceof Float64Array ? v.slice() : v]));
      expect(copy).toEqual(magnitudeStats(x, signed));
    }
  });
});

describe('the two sweep engines agree', () => {
  const db = (v: SqnrJson) => sqnrFromJson(v);
  const cases: Record<string, [Float32Array, number]> = {
    'laplace conv': [laplace(128 * 6, 0.05, 31), 6],
    'non-negative': [Float32Array.from(normal(100 * 4, 1, 32), Math.abs), 4],
    'outlier filter': [Float32Array.from(normal(90 * 3, 1, 33), (v, i) => (i === 4 ? 40 : v)), 3],
    'dfp top: −2^k exactly': [Float32Array.from(uniform(64 * 2, -1, 1, 34), (v, i) => (i === 0 ? -1 : v)), 2],
    'constant and zero filters': [Float32Array.from({ length: 80 * 3 }, (_, i) => (i % 3 === 0 ? 0.375 : i % 3 === 1 ? 0 : -0.5)), 3],
    'one element per filter': [normal(5, 1, 35), 5],
  };
  for (const [name, [x, filters]] of Object.entries(cases)) {
    it(name, () => {
      const a = sweepWeights(x, filters, { engine: 'runs' });
      const b = sweepWeights(x, filters, { engine: 'direct' });
      for (const key of WEIGHT_SCHEMES) {
        for (const bits of SWEEP_BITS) {
          const pairs: [SqnrJson, SqnrJson][] = [
            [a.weights[key]![bits], b.weights[key]![bits]],
            [a.weightsPerFilterLayer[key]![bits], b.weightsPerFilterLayer[key]![bits]],
            ...a.weightsPerFilter[key]![bits].map((v, f) => [v, b.weightsPerFilter[key]![bits][f]] as [SqnrJson, SqnrJson]),
          ];
          for (const [u, v] of pairs) {
            const [du, dv] = [db(u), db(v)];
            if (du === dv) continue;
            expect(du, `${key} ${bits}`).not.toBeNull();
            expect(Math.abs(du! - dv!), `${key} ${bits}`).toBeLessThan(1e-6);
          }
        }
      }
    });
  }

  it('perTensor: false leaves the per-tensor table out and the per-filter one unchanged', () => {
    const x = laplace(128 * 4, 1, 36);
    const full = sweepWeights(x, 4);
    const pf = sweepWeights(x, 4, { perTensor: false });
    expect(pf.weights).toEqual({});
    expect(pf.weightsPerFilter).toEqual(full.weightsPerFilter);
    expect(pf.range).toBe(full.range);
  });
});
