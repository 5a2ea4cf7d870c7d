import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fakeQuantize, getQuantizer } from '../quant/registry';
import { sqnrDb, sqnrFromSums } from '../quant/sqnr';
import { SWEEP_BITS, type WeightScheme } from '../quant/types';
import { laplace, normal } from '../quant/testing/data';
import { packSums, sweepErrorSums, unpackSums } from './sweepErrorReference';
import { kernelModeOf, kernelVec4, paramsFromRange, SWEEP_COLUMNS, stepsPerOctave } from './sweepParams';
import { sweepErrorsGpu, sweepErrorsWithScales, useGpuSweep } from './sweepErrors';
import { SWEEP_PER_THREAD, SWEEP_WORKGROUP } from './sweep_webgpu';

const RANGE_SCHEMES: WeightScheme[] = ['fixed', 'dfp', 'log2', 'nlq'];
const SEARCHED_SCHEMES: WeightScheme[] = ['fixed-clip', 'log2-sqrt2'];

/** src/quant's per-tensor SQNR of x at each bit-width: calibrate, apply, float64 sums. */
function referenceSqnr(x: Float32Array, scheme: WeightScheme, bits: readonly number[]) {
  return bits.map((b) => sqnrDb(x, fakeQuantize(x, scheme, b).values));
}

/**
 * float32 emulation of the WGSL program (same arithmetic, same thread/tree structure), so
 * the shader's numerics are checked on Node; the real shader runs in e2e/kernel.spec.ts.
 */
function emulateKernel(x: Float32Array, scheme: WeightScheme, bits: number[], scales: number[], signed: boolean) {
  const f = Math.fround;
  const rha = (t: number): number => {
    const a = Math.abs(t);
    const fl = Math.floor(a);
    const r = a - fl >= 0.5 ? fl + 1 : fl;
    return t < 0 ? -r : r;
  };
  const mode = kernelModeOf(scheme);
  const m = stepsPerOctave(mode);
  const P = bits.map((b, j) => kernelVec4(scheme, b, signed, scales[j]));
  const err = (v: number, p: number[]): number => {
    if (mode === 'uniform') return f(v - f(Math.min(Math.max(rha(f(v * p[1])), p[2]), p[3]) * p[0]));
    if (v === 0 || (!signed && v < 0)) return v === 0 ? 0 : v;
    const c = Math.min(rha(f(m * f(f(Math.log2(Math.abs(v))) - p[2]))), 0);
    if (!(c > -p[3])) return v;
    let q = m === 1 ? f(p[0] * 2 ** c) : f((c % 2 !== 0 ? p[1] : p[0]) * 2 ** Math.floor(c / 2));
    if (q < 2 ** -126) q = 0;
    return f(v - (v < 0 ? -q : q));
  };
  const cols = 1 + bits.length;
  const rowsOut: number[] = [];
  const chunk = SWEEP_WORKGROUP * SWEEP_PER_THREAD;
  for (let base = 0; base < x.length; base += chunk) {
    const tree: Float32Array[] = [];
    for (let t = 0; t < SWEEP_WORKGROUP; t++) {
      const sum = new Float32Array(cols);
      const c = new Float32Array(cols);
      for (let j = 0; j < SWEEP_PER_THREAD; j++) {
        const idx = base + j * SWEEP_WORKGROUP + t;
        const v = idx < x.length ? x[idx] : 0;
        const terms = [v, ...P.map((p) => err(v, p))];
        for (let k = 0; k < cols; k++) {
          const y = f(f(terms[k] * terms[k]) - c[k]);
          const tt = f(sum[k] + y);
          c[k] = f(f(tt - sum[k]) - y);
          sum[k] = tt;
        }
      }
      tree.push(sum.map((s, k) => f(s - c[k])));
    }
    for (let s = SWEEP_WORKGROUP / 2; s > 0; s >>= 1) {
      for (let t = 0; t < s; t++) tree[t] = tree[t].map((v, k) => f(v + tree[t + s][k]));
    }
    rowsOut.push(...tree[0], ...new Array(SWEEP_COLUMNS - cols).fill(0));
  }
  const sums = unpackSums(rowsOut, bits.length);
  return sums.noise.map((n) => sqnrFromSums(sums.signal, n));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sweep kernel params', () => {
  it('derives the same scale as src/quant calibrate for range-only schemes', () => {
    const x = laplace(5000, 0.05, 3);
    for (const scheme of RANGE_SCHEMES) {
      for (const b of SWEEP_BITS) {
        const ref = getQuantizer(scheme).calibrate(x, b, { signed: true });
        let range = 0;
        for (const v of x) range = Math.max(range, Math.abs(v));
        expect(paramsFromRange(scheme, range, b, true).scale).toBe(ref.scale);
      }
    }
  });

  it('packs the uniforms as documented (fixed 4 bits, log2-sqrt2 3 bits)', () => {
    expect(kernelVec4('fixed', 4, true, 0.1)).toEqual([Math.fround(0.1), Math.fround(10), -7, 7]);
    expect(kernelVec4('log2-sqrt2', 3, true, 1)).toEqual([1, Math.fround(Math.SQRT2), 0, 3]);
    expect(kernelVec4('dfp', 4, true, 0.125)).toEqual([0.125, 8, -8, 7]);
    expect(kernelVec4('log2', 8, false, 0)).toEqual([0, 0, 0, 0]);
  });

  it('refuses searched schemes without scales', () => {
    expect(() => paramsFromRange('fixed-clip', 1, 4, true)).toThrow(/calibrate/);
  });

  it('packSums/unpackSums keep float64 sums to ≈ 1e-14', () => {
    const packed = packSums({ signal: 1 / 3, noise: [Math.PI * 1e6, 1e-9] });
    const back = unpackSums(packed, 2);
    expect(Math.abs(back.signal - 1 / 3) / (1 / 3)).toBeLessThan(1e-13);
    expect(Math.abs(back.noise[0] - Math.PI * 1e6) / (Math.PI * 1e6)).toBeLessThan(1e-13);
  });
});

describe('CPU twin (QsSweepError on the cpu backend) vs src/quant', () => {
  const x = normal(100_000, 0.05, 11);

  it.each(RANGE_SCHEMES)('%s: identical SQNR for bits 2..8', async (scheme) => {
    const t = tf.tensor(x, [50, 2000]);
    const r = await sweepErrorsGpu(t, scheme);
    t.dispose();
    expect(r.backend).toBe('cpu');
    expect(r.signed).toBe(true);
    const ref = referenceSqnr(x, scheme, SWEEP_BITS);
    r.sqnrDb.forEach((v, i) => expect(v).toBeCloseTo(ref[i] as number, 9));
  });

  it.each(SEARCHED_SCHEMES)('%s with src/quant-calibrated scales: identical SQNR', async (scheme) => {
    const scales = SWEEP_BITS.map((b) => getQuantizer(scheme).calibrate(x, b).scale);
    const t = tf.tensor(x);
    const r = await sweepErrorsWithScales(t, scheme, SWEEP_BITS, scales, true);
    t.dispose();
    const ref = referenceSqnr(x, scheme, SWEEP_BITS);
    r.sqnrDb.forEach((v, i) => expect(v).toBeCloseTo(ref[i] as number, 9));
  });

  it('unsigned data (after ReLU) uses unsigned codes, as src/quant does', async () => {
    const relu = x.map((v) => Math.max(v, 0));
    for (const scheme of ['fixed', 'log2'] as const) {
      const t = tf.tensor(relu);
      const r = await sweepErrorsGpu(t, scheme, null, [2, 4, 8]);
      t.dispose();
      expect(r.signed).toBe(false);
      const ref = referenceSqnr(relu, scheme, [2, 4, 8]);
      r.sqnrDb.forEach((v, i) => expect(v).toBeCloseTo(ref[i] as number, 9));
    }
  });

  it('all-zero tensor → null SQNR, never NaN', async () => {
    const t = tf.zeros([64]);
    const r = await sweepErrorsGpu(t, 'fixed');
    t.dispose();
    expect(r.sqnrDb.every((v) => v === null)).toBe(true);
  });

  it('reference sums match the worked example of the module comment', () => {
    const s = sweepErrorSums(new Float32Array([0.9, -0.2, 0.5]), { scheme: 'fixed', bits: [3], scales: [0.3], signed: true });
    expect(10 * Math.log10(s.signal / s.noise[0])).toBeCloseTo(17.40, 2);
  });
});

describe('float32 emulation of the WGSL program', () => {
  const x = normal(300_000, 0.02, 5);
  it.each([...RANGE_SCHEMES, 'log2-sqrt2' as const])('%s: within 0.01 dB of the float64 reference', (scheme) => {
    const scales = SWEEP_BITS.map((b) => getQuantizer(scheme).calibrate(x, b).scale);
    const emu = emulateKernel(x, scheme, [...SWEEP_BITS], scales, true);
    const ref = referenceSqnr(x, scheme, SWEEP_BITS);
    emu.forEach((v, i) => expect(Math.abs((v as number) - (ref[i] as number))).toBeLessThan(0.01));
  });
});

describe('float32 emulation on unsigned data (after ReLU)', () => {
  const relu = normal(100_000, 0.02, 8).map((v) => Math.max(v, 0));
  it.each(['fixed', 'dfp', 'log2', 'nlq'] as const)('%s: unsigned code ranges match src/quant', (scheme) => {
    const scales = SWEEP_BITS.map((b) => getQuantizer(scheme).calibrate(relu, b).scale);
    const emu = emulateKernel(relu, scheme, [...SWEEP_BITS], scales, false);
    const ref = referenceSqnr(relu, scheme, SWEEP_BITS);
    emu.forEach((v, i) => expect(Math.abs((v as number) - (ref[i] as number))).toBeLessThan(0.01));
  });
});

describe('useGpuSweep', () => {
  it('only on a real WebGPU adapter', () => {
    expect(useGpuSweep({ name: 'webgpu', adapter: { isFallbackAdapter: false } })).toBe(true);
    expect(useGpuSweep({ name: 'webgpu', adapter: { isFallbackAdapter: true } })).toBe(false);
    expect(useGpuSweep({ name: 'wasm' })).toBe(false);
  });
});
