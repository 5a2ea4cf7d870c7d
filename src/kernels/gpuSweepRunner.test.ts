import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getQuantizer } from '../quant/registry';
import { magnitudeStats } from '../quant/search/magnitudes';
import { sqnrFromJson } from '../quant/sqnr';
import { sweepWeights, type SweepWeightsOptions, type WeightSweep } from '../quant/sweep';
import { laplace, normal, uniform } from '../quant/testing/data';
import { SWEEP_BITS, WEIGHT_SCHEMES, type WeightScheme } from '../quant/types';
import { dataRange } from '../quant/quantizers/common';
import { createKernelSweepRunner, tensorScales, type SweepKernel, type SweepLayer } from './gpuSweepRunner';
import { sweepErrorsWithScales } from './sweepErrors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const relu = (x: Float32Array) => x.map((v) => Math.max(v, 0));

/** Small and big filters (direct and runs engines), unsigned, all-zero, one filter. */
const LAYERS: SweepLayer[] = [
  { name: 'conv1', weights: normal(6 * 25, 0.3, 1), filters: 6 },
  { name: 'conv2', weights: laplace(16 * 150, 0.05, 2), filters: 16 },
  { name: 'dense', weights: normal(120 * 400, 0.02, 3), filters: 120 },
  { name: 'relu', weights: relu(uniform(8 * 100, -1, 1, 4)), filters: 8 },
  { name: 'zero', weights: new Float32Array(4 * 9), filters: 4 },
  { name: 'single', weights: laplace(3000, 1, 5), filters: 1 },
];

function expectSameSweep(got: WeightSweep, want: WeightSweep, what: string): void {
  expect(got.range, what).toBe(want.range);
  expect(got.signed, what).toBe(want.signed);
  expect(got.weightsPerFilter, what).toEqual(want.weightsPerFilter);
  expect(got.weightsPerFilterLayer, what).toEqual(want.weightsPerFilterLayer);
  expect(Object.keys(got.weights), what).toEqual(Object.keys(want.weights));
  for (const [scheme, row] of Object.entries(want.weights)) {
    for (const [b, v] of Object.entries(row!)) {
      const g = sqnrFromJson(got.weights[scheme as WeightScheme]![b]);
      const w = sqnrFromJson(v);
      const label = `${what} ${scheme} ${b} bits`;
      if (w === null || !Number.isFinite(w)) expect(g, label).toBe(w);
      else expect(Math.abs((g as number) - w), label).toBeLessThan(1e-6);
    }
  }
}

async function runAll(opts: SweepWeightsOptions, kernel?: SweepKernel) {
  const runner = createKernelSweepRunner(kernel);
  let done = 0;
  const out = await runner.run(LAYERS, opts, () => done++);
  return { out, done, state: runner.state };
}

describe('kernel sweep runner (cpu twin) vs src/quant sweepWeights', () => {
  it('per-tensor tables within 1e-6 dB, per-filter tables identical, every layer on the kernel', async () => {
    const { out, done, state } = await runAll({});
    expect(done).toBe(LAYERS.length);
    expect(state).toEqual({ kernelLayers: LAYERS.length, cpuLayers: 0, failure: null, backend: 'cpu' });
    LAYERS.forEach((l, i) => expectSameSweep(out[i], sweepWeights(l.weights, l.filters), l.name));
    expect(Object.keys(out[0].weights)).toEqual([...WEIGHT_SCHEMES]);
    expect(out[4].weights.fixed?.['8']).toBeNull(); // all-zero layer: null, never NaN
  });

  it('honours schemes, bits, perFilter and the NLQ unit', async () => {
    const opts: SweepWeightsOptions = { schemes: ['nlq', 'fixed-clip', 'log2'], bits: [3, 5, 8], perFilter: false, nlqUnit: 0.5 };
    const { out } = await runAll(opts);
    LAYERS.forEach((l, i) => expectSameSweep(out[i], sweepWeights(l.weights, l.filters, opts), l.name));
    expect(out[1].weightsPerFilter).toEqual({});
    expect(Object.keys(out[1].weights.nlq!)).toEqual(['3', '5', '8']);
  });

  it('scales equal src/quant calibrate() for every scheme', () => {
    for (const l of LAYERS.slice(0, 4)) {
      const x = l.weights;
      const signed = x.some((v) => v < 0);
      for (const key of WEIGHT_SCHEMES) {
        const got = tensorScales(key, SWEEP_BITS, signed, dataRange(x, signed), 0.5, () => magnitudeStats(x, signed));
        const want = SWEEP_BITS.map((b) => getQuantizer(key).calibrate(x, b, { signed, unitScale: 0.5 }).scale);
        expect(got, `${l.name} ${key}`).toEqual(want);
      }
    }
  });
});

describe('kernel sweep runner: failures fall back to the CPU sweep', () => {
  it('a launch that throws: that layer and the rest are swept on the CPU, same numbers', async () => {
    let calls = 0;
    const failing: SweepKernel = async (...args) => {
      if (++calls > WEIGHT_SCHEMES.length) throw new Error('GPU device was lost: destroyed');
      return sweepErrorsWithScales(...args);
    };
    const { out, done, state } = await runAll({}, failing);
    expect(done).toBe(LAYERS.length);
    expect(state.kernelLayers).toBe(1);
    expect(state.cpuLayers).toBe(LAYERS.length - 1);
    expect(state.failure).toBe("layer 'conv2': GPU device was lost: destroyed");
    LAYERS.forEach((l, i) => expectSameSweep(out[i], sweepWeights(l.weights, l.filters), l.name));
    expect(calls).toBe(2 * WEIGHT_SCHEMES.length); // nothing launched after the failure
  });

  it('sums that cannot be right (a silent failure) are caught', async () => {
    const zeros: SweepKernel = async (...args) => {
      const r = await sweepErrorsWithScales(...args);
      return { ...r, signal: 0, noise: r.noise.map(() => 0) };
    };
    const { out, state } = await runAll({}, zeros);
    expect(state.kernelLayers).toBe(0);
    expect(state.failure).toMatch(/^layer 'conv1': the fixed kernel summed Σx² = 0/);
    LAYERS.forEach((l, i) => expectSameSweep(out[i], sweepWeights(l.weights, l.filters), l.name));
  });

  it('stops at an aborted signal', async () => {
    const ctrl = new AbortController();
    const runner = createKernelSweepRunner();
    let done = 0;
    const p = runner.run(LAYERS, {}, () => { if (++done === 2) ctrl.abort(); }, ctrl.signal);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(done).toBe(2);
  });

  it('bad weights fail as the CPU sweep does', async () => {
    const bad = [{ name: 'nan', weights: Float32Array.from([1, Number.NaN, 2, 3]), filters: 2 }];
    const runner = createKernelSweepRunner();
    await expect(runner.run(bad, {}, () => undefined)).rejects.toThrow(/NaN|finite/i);
  });
});
