import { describe, expect, it } from 'vitest';
import { fakeQuantize } from './registry';
import { sqnrDb, sqnrFromJson } from './sqnr';
import { sweepActivations, sweepWeights } from './sweep';
import { laplace, normal, uniform } from './testing/data';
import { kahanSqnrDb } from './testing/reference';
import { ACTIVATION_SCHEMES, SWEEP_BITS, WEIGHT_SCHEMES, type SqnrJson } from './types';

/** |a − b| in dB, treating equal Infinity / null as agreement. */
function gap(a: SqnrJson, b: ReturnType<typeof sqnrDb>): number {
  const va = sqnrFromJson(a);
  if (va === b) return 0;
  if (va === null || b === null) return Infinity;
  return Math.abs(va - b);
}

/** A conv-like layer, channels-last: filters of different scales, some with outliers. */
function layer(per: number, filters: number, seed: number): Float32Array {
  const x = laplace(per * filters, 0.05, seed);
  for (let i = 0; i < x.length; i++) x[i] *= 0.5 + (i % filters) / filters;
  x[3] = 0.9; // an outlier in filter 3
  return x;
}

describe('sweepWeights equals fakeQuantize + sqnrDb computed the slow way', () => {
  const filters = 8;
  const cases = {
    'signed laplace layer': layer(300, filters, 21),
    'non-negative layer': Float32Array.from(layer(40, filters, 22), Math.abs),
    'layer with zero filters': Float32Array.from(normal(200 * filters, 1, 23), (v, i) => (i % filters < 2 ? 0 : v)),
    'big filters (subsampled search)': layer(5000, 2, 24),
  };
  for (const [name, x] of Object.entries(cases)) {
    it(`${name}: every scheme × bits, per tensor, per filter and per-filter layer total`, () => {
      const f = x.length % filters === 0 && name !== 'big filters (subsampled search)' ? filters : 2;
      const sw = sweepWeights(x, f);
      for (const key of WEIGHT_SCHEMES) {
        for (const b of SWEEP_BITS) {
          const t = fakeQuantize(x, key, b);
          expect(gap(sw.weights[key]![b], sqnrDb(x, t.values)), `${key} ${b} per tensor`).toBeLessThan(1e-6);
          const pf = fakeQuantize(x, key, b, { granularity: 'per-filter', filters: f });
          expect(gap(sw.weightsPerFilterLayer[key]![b], sqnrDb(x, pf.values)), `${key} ${b} pf layer`).toBeLessThan(1e-6);
          const row = sw.weightsPerFilter[key]![b];
          expect(row).toHaveLength(f);
          for (let k = 0; k < f; k++) {
            const xs = x.filter((_, i) => i % f === k);
            const qs = pf.values.filter((_, i) => i % f === k);
            expect(gap(row[k], sqnrDb(xs, qs)), `${key} ${b} filter ${k}`).toBeLessThan(1e-6);
          }
        }
      }
    });
  }

  it('honours schemes, bits, perFilter and nlqUnit options', () => {
    const x = layer(50, 4, 25);
    const sw = sweepWeights(x, 4, { schemes: ['nlq'], bits: [3, 5], perFilter: false, nlqUnit: 0.5 });
    expect(Object.keys(sw.weights)).toEqual(['nlq']);
    expect(Object.keys(sw.weights.nlq!)).toEqual(['3', '5']);
    expect(sw.weightsPerFilter).toEqual({});
    const slow = fakeQuantize(x, 'nlq', 5, { unitScale: 0.5 });
    expect(gap(sw.weights.nlq!['5'], sqnrDb(x, slow.values))).toBeLessThan(1e-6);
  });

  it('agrees at wide bit-widths too (codes beyond the pow2 table: generic log path)', () => {
    const x = layer(40, 4, 27);
    const sw = sweepWeights(x, 4, { bits: [12, 16] });
    for (const key of WEIGHT_SCHEMES) {
      for (const b of [12, 16]) {
        const slow = fakeQuantize(x, key, b, { granularity: 'per-filter', filters: 4 });
        expect(gap(sw.weightsPerFilterLayer[key]![b], sqnrDb(x, slow.values)), `${key} ${b}`).toBeLessThan(1e-6);
        expect(gap(sw.weights[key]![b], sqnrDb(x, fakeQuantize(x, key, b).values)), `${key} ${b}`).toBeLessThan(1e-6);
      }
    }
  });

  it('reports all-zero layers as null and lossless ones as "Infinity"', () => {
    const z = sweepWeights(new Float32Array(12), 3);
    expect(z.weights.fixed!['4']).toBeNull();
    expect(z.weightsPerFilter.log2!['4']).toEqual([null, null, null]);
    const c = sweepWeights(new Float32Array([0.375, -0.375, 0.375, -0.375]), 2);
    expect(c.weights.fixed!['2']).toBe('Infinity');
    expect(c.weights.dfp!['8']).toBe('Infinity');
  });

  it('rejects bad input with clear messages', () => {
    expect(() => sweepWeights(new Float32Array([1, NaN]), 1)).toThrow('weights: element 1 is NaN');
    expect(() => sweepWeights(new Float32Array(10), 3)).toThrow('do not split evenly');
    expect(() => sweepWeights(new Float32Array(10), 1, { bits: [1] })).toThrow(/bits must be/);
    expect(() => sweepWeights(new Float32Array(10), 1, { nlqUnit: -1 })).toThrow(/unitScale/);
  });
});

describe('sweepActivations', () => {
  it('equals per-tensor fakeQuantize + sqnrDb, unsigned on ReLU outputs', () => {
    const x = Float32Array.from(normal(5000, 1, 26), (v) => Math.max(v, 0));
    const sw = sweepActivations(x);
    expect(Object.keys(sw)).toEqual([...ACTIVATION_SCHEMES]);
    for (const key of ACTIVATION_SCHEMES) {
      for (const b of SWEEP_BITS) {
        const slow = fakeQuantize(x, key, b);
        expect(slow.params[0].signed).toBe(false);
        expect(gap(sw[key]![b], sqnrDb(x, slow.values))).toBeLessThan(1e-6);
      }
    }
  });
});

describe('sweep accumulation is float64', () => {
  it('1e6 elements at 8 bits match a Kahan-summed reference to 1e-9 dB', () => {
    const x = uniform(1_000_000, -1, 1, 31);
    const q = fakeQuantize(x, 'fixed', 8).values;
    const ref = kahanSqnrDb(x, q);
    const got = sweepWeights(x, 1, { schemes: ['fixed'], bits: [8], perFilter: false }).weights.fixed!['8'] as number;
    expect(Math.abs(got - ref)).toBeLessThan(1e-9);
  });
});
