/**
 * Analysis part of the worker API: the full per-layer SQNR sweep that produces a StudioConfig.
 * Progress goes back through a throttled callback (a comlink proxy on the app side).
 *
 * The weight sweep's per-tensor tables run on the fused QsSweepError kernel
 * (src/kernels/gpuSweepRunner.ts) when the backend is WebGPU on a real GPU adapter, or when
 * the page forces it (`?gpuSweep=1`); else on the CPU (src/quant). `weightSweepInfo()` says
 * which path the last analysis took.
 */
import { createKernelSweepRunner } from '../../src/kernels/gpuSweepRunner';
import { useGpuSweep } from '../../src/kernels/sweepErrors';
import { analyzeModel, sweepInProcessThen, type WeightSweepRunner } from '../../src/model/analyze';
import type { StudioConfig } from '../../src/quant/types';
import { WirePacker, wireTransfers, type WireConfig } from '../../src/quant/configWire';
import { transfer } from 'comlink';
import { session, type StudioBackendInfo } from '../session';
import { evaluationBatch } from './evalBudget';

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  /** Estimated milliseconds left in this phase; null until a rate is known. */
  etaMs: number | null;
}

export type ProgressCallback = (p: JobProgress) => void;

/** The page's choice of weight-sweep path: 'auto' (kernel on a real GPU), 'on' (`?gpuSweep=1`), 'off' (`?gpuSweep=0`). */
export type GpuSweepRequest = 'auto' | 'on' | 'off';

export interface AnalyzeOptions {
  /** Calibration images for activation sweeps (0 = weights only). */
  calibration?: number;
  /** Weight-sweep path (default 'auto'). */
  gpuSweep?: GpuSweepRequest;
}

/** Which path the weight sweep of an analysis took, for the page's status line. */
export interface WeightSweepInfo {
  /**
   * 'kernel': every per-tensor table from the fused kernel; 'cpu': src/quant's sweep;
   * 'kernel-fallback': the kernel failed and the CPU swept the remaining layers.
   */
  path: 'kernel' | 'cpu' | 'kernel-fallback';
  /** tfjs backend of the worker ('webgpu' when the kernel ran on the GPU). */
  backend: string;
  /** Why this path: auto on a GPU adapter, forced, … */
  reason: string;
  kernelLayers: number;
  cpuLayers: number;
  /** The kernel failure that sent the rest to the CPU, when there was one. */
  failure: string | null;
  /** Wall time of the weight sweep, ms. */
  ms: number;
  /** Wall time of the whole analysis (weights, calibration, activations), ms. */
  analysisMs: number;
}

/** Kernel or CPU, and why. */
export function chooseSweepPath(request: GpuSweepRequest, backend: StudioBackendInfo | null): { kernel: boolean; reason: string } {
  if (request === 'on') return { kernel: true, reason: 'forced by ?gpuSweep=1' };
  if (request === 'off') return { kernel: false, reason: 'forced by ?gpuSweep=0' };
  if (backend && useGpuSweep(backend)) return { kernel: true, reason: 'auto: WebGPU on a GPU adapter' };
  if (backend?.name === 'webgpu') return { kernel: false, reason: 'auto: software WebGPU adapter (the CPU sweep is faster)' };
  return { kernel: false, reason: `auto: no WebGPU GPU adapter (backend ${backend?.name ?? 'none'})` };
}

let lastSweep: WeightSweepInfo | null = null;

/** Wraps a progress callback: adds an ETA per phase and sends at most one update per `everyMs`. */
export function throttledProgress(send: ProgressCallback | undefined, everyMs = 100) {
  let last = 0;
  let phase = '';
  let phaseStart = 0;
  return (p: { phase: string; done: number; total: number }) => {
    if (!send) return;
    const now = performance.now();
    if (p.phase !== phase) {
      phase = p.phase;
      phaseStart = now;
    }
    const finished = p.done >= p.total;
    if (!finished && now - last < everyMs) return;
    last = now;
    const elapsed = now - phaseStart;
    const etaMs = p.done > 0 && elapsed > 0 ? Math.round((elapsed / p.done) * (p.total - p.done)) : null;
    void Promise.resolve(send({ phase: p.phase, done: p.done, total: p.total, etaMs })).catch(() => undefined);
  };
}

const PHASES: Record<string, string> = {
  weights: 'Sweeping weights',
  calibration: 'Capturing activations',
  activations: 'Sweeping activations',
};

/** The analysis; with a packer, the CPU sweep's per-filter tables go into it layer by layer. */
async function runAnalysis(opts: AnalyzeOptions, onProgress: ProgressCallback | undefined, packer: WirePacker | null): Promise<StudioConfig> {
  const model = session.model;
  if (!model) throw new Error('no model loaded');
  const progress = throttledProgress(onProgress);
  const data = session.data;
  lastSweep = null;
  const backend = session.backend;
  const choice = chooseSweepPath(opts.gpuSweep ?? 'auto', backend);
  const kernel = choice.kernel ? createKernelSweepRunner() : null;
  let ms = 0;
  const started = performance.now();
  // The CPU path hands each layer's per-filter tables to the packer as soon as it is swept,
  // and the config keeps none (the packer's wire form carries them).
  const cpuSweep = sweepInProcessThen((i, sweep) => {
    if (!packer) return;
    packer.add(i, sweep.weightsPerFilter);
    sweep.weightsPerFilter = {};
  });
  const sweepRunner: WeightSweepRunner = async (...args) => {
    const t0 = performance.now();
    try {
      return await (kernel ? kernel.run(...args) : cpuSweep(...args));
    } finally {
      ms = performance.now() - t0;
    }
  };
  const config = await analyzeModel(model, {
    data: data ? { images: data.images, count: data.count, shape: data.sampleShape, source: data.summary.key } : null,
    calibration: opts.calibration,
    // Capture activations in batches sized by the model (as evaluation does): ResNet-50 at
    // 224×224 in batches of 32 peaked the renderer at 7.6 GB; sized batches, 5.1 GB.
    batchSize: evaluationBatch(model.layers),
    onProgress: (done, total, stage) => progress({ phase: PHASES[stage] ?? stage, done, total }),
    sweepRunner,
  });
  const st = kernel?.state;
  lastSweep = {
    path: !st ? 'cpu' : st.failure === null ? 'kernel' : 'kernel-fallback',
    backend: st?.backend || backend?.name || '',
    reason: choice.reason,
    kernelLayers: st?.kernelLayers ?? 0,
    cpuLayers: st ? st.cpuLayers : model.layers.length,
    failure: st?.failure ?? null,
    ms: Math.round(ms * 10) / 10,
    analysisMs: Math.round((performance.now() - started) * 10) / 10,
  };
  return config;
}

export const analysisApi = {
  /** Sweeps every quantizable layer (weights, and activations when data is loaded). */
  async analyze(opts: AnalyzeOptions = {}, onProgress?: ProgressCallback): Promise<StudioConfig> {
    return runAnalysis(opts, onProgress, null);
  },

  /**
   * analyze() for the page: the config in its wire form (configWire.ts). On the CPU path each
   * layer's per-filter tables are packed as soon as it is swept, so the worker never holds
   * them as numbers and packed at once; they are transferred, not cloned number by number.
   */
  async analyzeForPage(opts: AnalyzeOptions = {}, onProgress?: ProgressCallback): Promise<WireConfig> {
    const packer = new WirePacker();
    const wire = packer.finish(await runAnalysis(opts, onProgress, packer));
    return transfer(wire, wireTransfers(wire));
  },

  /** How the weight sweep of the last finished analysis ran (null before one finished). */
  weightSweepInfo(): WeightSweepInfo | null {
    return lastSweep;
  },
};
