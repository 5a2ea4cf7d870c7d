/**
 * Host API of the fused sweep kernel: per-tensor SQNR of one tensor at every bit-width in
 * one pass on whichever backend holds it (WebGPU program, or the cpu/wasm twin).
 *
 *   SQNR_b = 10 · log10( Σ x² / Σ (x − Q_b(x))² ),  sums added in float64 on the host
 *
 * Example: const r = await sweepErrorsGpu(w, 'fixed');  r.sqnrDb → [≈7.6, …, ≈40] for 2..8
 * bits of a normal weight tensor (≈ 6 dB per bit at high bit-widths).
 */
import * as tf from '@tensorflow/tfjs-core';
import { sqnrFromSums } from '../quant/sqnr';
import { SWEEP_BITS, type SqnrDb, type WeightScheme } from '../quant/types';
import { sweepErrorCpuConfig } from './SweepError_cpu';
import { sweepErrorWasmConfig } from './SweepError_wasm';
import { sweepErrorWebGpuConfig } from './SweepError';
import { unpackSums } from './sweepErrorReference';
import { MAX_BITS_PER_LAUNCH, SWEEP_KERNEL_NAME, paramsFromRange, type SweepErrorAttrs } from './sweepParams';

/** Register QsSweepError for webgpu, cpu and wasm (idempotent; no backend needs to exist). */
export function registerSweepKernels(): void {
  for (const config of [sweepErrorWebGpuConfig, sweepErrorCpuConfig, sweepErrorWasmConfig]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
}

export interface SweepErrorsResult {
  scheme: WeightScheme;
  bits: number[];
  /** src/quant's scale used at each bit-width. */
  scales: number[];
  signed: boolean;
  /** Σ x² (float64 on the host). */
  signal: number;
  /** Σ (x − q)² per bit-width. */
  noise: number[];
  sqnrDb: SqnrDb[];
  /** tfjs backend that ran the kernel. */
  backend: string;
}

/**
 * True when the GPU path should replace the CPU sweep: a WebGPU backend on a real adapter.
 * On a software fallback adapter (SwiftShader) the CPU loop is faster, so stay on it.
 * Example: useGpuSweep({ name: 'webgpu', adapter: { isFallbackAdapter: false } }) → true.
 */
export function useGpuSweep(info: { name: string; adapter?: { isFallbackAdapter: boolean } }): boolean {
  return info.name === 'webgpu' && info.adapter !== undefined && !info.adapter.isFallbackAdapter;
}

/** max|x|, max x and min x, read back in one small download. */
async function dataStats(x: tf.Tensor): Promise<{ maxAbs: number; max: number; min: number }> {
  const stats = tf.tidy(() => tf.stack([tf.max(tf.abs(x)), tf.max(x), tf.min(x)]));
  const [maxAbs, max, min] = await stats.data();
  stats.dispose();
  return { maxAbs, max, min };
}

/**
 * Sums for explicit per-bit scales (any scheme; fixed-clip and log2-sqrt2 need this, with
 * scales calibrated by src/quant). Launches ⌈bits/7⌉ kernels; each is one pass over x.
 */
export async function sweepErrorsWithScales(
  x: tf.Tensor, scheme: WeightScheme, bits: readonly number[], scales: readonly number[], signed: boolean,
): Promise<SweepErrorsResult> {
  registerSweepKernels();
  if (bits.length !== scales.length) throw new Error(`${bits.length} bit-widths but ${scales.length} scales`);
  const flat = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  let signal = 0;
  const noise: number[] = [];
  try {
    for (let k = 0; k < bits.length; k += MAX_BITS_PER_LAUNCH) {
      const attrs: SweepErrorAttrs = {
        scheme, signed, bits: bits.slice(k, k + MAX_BITS_PER_LAUNCH), scales: scales.slice(k, k + MAX_BITS_PER_LAUNCH),
      };
      if (flat.size === 0) {
        noise.push(...attrs.bits.map(() => 0));
        continue;
      }
      const out = tf.engine().runKernel(SWEEP_KERNEL_NAME, { x: flat }, attrs) as tf.Tensor;
      const partials = await out.data();
      out.dispose();
      const sums = unpackSums(partials, attrs.bits.length);
      signal = sums.signal; // identical in every launch
      noise.push(...sums.noise);
    }
  } finally {
    if (flat !== x) flat.dispose();
  }
  return {
    scheme, bits: [...bits], scales: [...scales], signed, signal, noise,
    sqnrDb: noise.map((n) => sqnrFromSums(signal, n)), backend: tf.getBackend(),
  };
}

/**
 * Per-tensor SQNR of x at every bit-width for a scheme whose scale follows from the data
 * range (fixed, dfp, log2, nlq). `range` = max|x| (max x when unsigned); computed on the
 * device when null. `signed` defaults to "x has a negative element".
 */
export async function sweepErrorsGpu(
  x: tf.Tensor,
  scheme: WeightScheme,
  range: number | null = null,
  bitsList: readonly number[] = SWEEP_BITS,
  opts: { signed?: boolean } = {},
): Promise<SweepErrorsResult> {
  let signed = opts.signed;
  let r = range;
  if (r === null || signed === undefined) {
    const st = await dataStats(x);
    signed ??= st.min < 0;
    // src/quant's dataRange: max|x| when signed, max(max x, 0) when unsigned.
    r ??= signed ? st.maxAbs : Math.max(st.max, 0);
  }
  const s = signed;
  const scales = bitsList.map((b) => paramsFromRange(scheme, r, b, s).scale);
  return sweepErrorsWithScales(x, scheme, bitsList, scales, signed);
}

/** Weight schemes whose per-tensor scale follows from the data range: the GPU path covers them fully. */
export const RANGE_SCHEMES: readonly WeightScheme[] = ['fixed', 'dfp', 'log2', 'nlq'];
