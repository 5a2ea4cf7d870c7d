/**
 * Page hook for the kernel agreement test (e2e/kernel.spec.ts) and the benchmark
 * (scripts/bench/browser.ts): `await window.__qsKernelCheck({ n, seed })` runs the fused
 * sweep on the WebGPU backend and on its CPU twin over the same random-normal tensor and
 * returns both SQNR lists and timings. Served from kernel-check.html; not app code.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import { getQuantizer } from '../quant/registry';
import { normal } from '../quant/testing/data';
import { SWEEP_BITS, type SqnrDb, type WeightScheme } from '../quant/types';
import { sweepErrorsWithScales } from './sweepErrors';

interface KernelCheckOptions {
  n?: number;
  seed?: number;
  schemes?: WeightScheme[];
  /** Timed repetitions after one warm-up (pipeline compile) run. */
  repeats?: number;
}

interface KernelCheckRow {
  scheme: WeightScheme;
  bits: number[];
  gpu: SqnrDb[];
  twin: SqnrDb[];
  maxAbsDiffDb: number;
  gpuMs: number;
  twinMs: number;
}

export interface KernelCheckResult {
  n: number;
  backend: string;
  adapter: { description: string; isFallbackAdapter: boolean | null };
  rows: KernelCheckRow[];
}

async function timeSweep(x: Float32Array, scheme: WeightScheme, scales: number[], repeats: number) {
  const t = tf.tensor(x);
  let r = await sweepErrorsWithScales(t, scheme, SWEEP_BITS, scales, true); // warm-up / compile
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) r = await sweepErrorsWithScales(t, scheme, SWEEP_BITS, scales, true);
  const ms = (performance.now() - t0) / repeats;
  t.dispose();
  return { sqnr: r.sqnrDb, ms };
}

async function adapterDescription(): Promise<KernelCheckResult['adapter']> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter();
  const info = (adapter as (GPUAdapter & { info?: GPUAdapterInfo }) | null)?.info;
  const fallback = (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter;
  const description = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return { description, isFallbackAdapter: fallback ?? null };
}

export async function kernelCheck(opts: KernelCheckOptions = {}): Promise<KernelCheckResult> {
  const n = opts.n ?? 1 << 20;
  const schemes = opts.schemes ?? ['fixed', 'dfp', 'log2', 'log2-sqrt2', 'nlq'];
  const repeats = opts.repeats ?? 3;
  const x = normal(n, 0.05, opts.seed ?? 1);
  const scales = new Map(schemes.map((s) => [s, SWEEP_BITS.map((b) => getQuantizer(s).calibrate(x, b, { signed: true }).scale)]));
  if (!(await tf.setBackend('webgpu'))) throw new Error('the WebGPU backend did not initialise');
  const adapter = await adapterDescription();
  const backend = tf.getBackend();
  const gpu = new Map<WeightScheme, { sqnr: SqnrDb[]; ms: number }>();
  for (const s of schemes) gpu.set(s, await timeSweep(x, s, scales.get(s)!, repeats));
  await tf.setBackend('cpu');
  const rows: KernelCheckRow[] = [];
  for (const s of schemes) {
    const twin = await timeSweep(x, s, scales.get(s)!, 1);
    const g = gpu.get(s)!;
    const diffs = g.sqnr.map((v, i) => {
      const w = twin.sqnr[i];
      if (v === w) return 0;
      return v === null || w === null ? Infinity : Math.abs(v - w);
    });
    rows.push({ scheme: s, bits: [...SWEEP_BITS], gpu: g.sqnr, twin: twin.sqnr, maxAbsDiffDb: Math.max(...diffs), gpuMs: g.ms, twinMs: twin.ms });
  }
  return { n, backend, adapter, rows };
}

(globalThis as { __qsKernelCheck?: typeof kernelCheck }).__qsKernelCheck = kernelCheck;
type MiniDocument = { querySelector(sel: string): { textContent: string | null } | null };
const status = (globalThis as { document?: MiniDocument }).document?.querySelector('[data-testid="kernel.status"]');
if (status) status.textContent = 'ready';
