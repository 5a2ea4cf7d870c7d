/**
 * Host API of the fused sweep kernel: per-tensor SQNR of one tensor at every bit-width in
 * one pass on whichever backend holds it (WebGPU program, or the cpu/wasm twin).
 *
 *   SQNR_b = 10 · log10( Σ x² / Σ (x − Q_b(x))² ),  sums added in float64 on the host
 *
 * Example: sweepErrorsWithScales(w, 'fixed', [2, …, 8], scales, true) → sqnrDb [≈7.6, …, ≈40]
 * for a normal weight tensor (≈ 6 dB per bit at high bit-widths).
 */
import * as tf from '@tensorflow/tfjs-core';
import { sqnrFromSums } from '../quant/sqnr';
import type { SqnrDb, WeightScheme } from '../quant/types';
import { sweepErrorCpuConfig } from './SweepError_cpu';
import { sweepErrorWasmConfig } from './SweepError_wasm';
import { sweepErrorWebGpuConfig } from './SweepError';
import { unpackSums } from './sweepErrorReference';
import { MAX_BITS_PER_LAUNCH, SWEEP_KERNEL_NAME, type SweepErrorAttrs } from './sweepParams';

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
