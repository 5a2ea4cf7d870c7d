/**
 * Analysis part of the worker API: the full per-layer SQNR sweep that produces a StudioConfig.
 * Progress goes back through a throttled callback (a comlink proxy on the app side).
 *
 * The weight sweep's per-tensor tables run on the fused QsSweepError kernel
 * (src/kernels/gpuSweepRunner.ts) when the backend is WebGPU on a real GPU adapter, or when
 * the page forces it (`?gpuSweep=1`); else on the CPU (src/quant). The analysis returns which
 * path it took, and is kept in the worker's one cache (../analyses.ts) for the methods.
 */
import { createKernelSweepRunner } from '../../src/kernels/gpuSweepRunner';
import { useGpuSweep } from '../../src/kernels/sweepErrors';
import { analyzeModel, sweepInProcessThen, type WeightSweepRunner } from '../../src/model/analyze';
import type { StudioConfig } from '../../src/quant/types';
import { WirePacker, wireTransfers, type PackedLayer, type WireConfig } from '../../src/quant/configWire';
import type { WeightSweep } from '../../src/quant/sweep';
import {
  AnalysisCache, analysisId, type AnalysisRef, type AnalysisReply, type AnalyzeOptions, type GpuSweepRequest,
  type StoredAnalysis, type WeightSweepInfo,
} from '../analyses';
import { transfer } from 'comlink';
import { session, type StudioBackendInfo } from '../session';
import { evaluationBatch } from './evalBudget';
import { MAX_SWEEP_WORKERS, startSweepWorkers, sweepWorkerCount } from './sweepWorkers';

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  /** Estimated milliseconds left in this phase; null until a rate is known. */
  etaMs: number | null;
}

export type ProgressCallback = (p: JobProgress) => void;
/**
 * Receives the weights-only preview of an analysis that still has activations to measure;
 * resolves once it is drawn.
 */
export type PreviewCallback = (preview: WireConfig) => void | Promise<void>;

/** Longest the analysis waits for the page to draw its preview. */
const PREVIEW_WAIT_MS = 2000;

/** Resolves when `drawn` settles (whatever its outcome) or after PREVIEW_WAIT_MS. */
function untilDrawn(drawn: void | Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((r) => { timer = setTimeout(r, PREVIEW_WAIT_MS); });
  return Promise.race([Promise.resolve(drawn).catch(() => undefined), limit]).finally(() => clearTimeout(timer));
}

export type { AnalysisRef, AnalysisReply, AnalyzeOptions, GpuSweepRequest, WeightSweepInfo };

/** Kernel or CPU, and why. */
export function chooseSweepPath(request: GpuSweepRequest, backend: StudioBackendInfo | null): { kernel: boolean; reason: string } {
  if (request === 'on') return { kernel: true, reason: 'forced by ?gpuSweep=1' };
  if (request === 'off') return { kernel: false, reason: 'forced by ?gpuSweep=0' };
  if (backend && useGpuSweep(backend)) return { kernel: true, reason: 'auto: WebGPU on a GPU adapter' };
  if (backend?.name === 'webgpu') return { kernel: false, reason: 'auto: software WebGPU adapter (the CPU sweep is faster)' };
  return { kernel: false, reason: `auto: no WebGPU GPU adapter (backend ${backend?.name ?? 'none'})` };
}

/** The session's analyses (workers/analyses.ts): the one cache. */
const analyses = new AnalysisCache();

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

/**
 * Runs the analysis of the loaded model on the session data and stores it. On the CPU path
 * each layer's per-filter tables go into the wire form as soon as the layer is swept, so the
 * worker never holds them as numbers and packed at once.
 */
async function computeAnalysis(opts: AnalyzeOptions, onProgress: ProgressCallback | undefined, onPreview?: PreviewCallback): Promise<StoredAnalysis> {
  const model = session.model;
  if (!model) throw new Error('no model loaded');
  const progress = throttledProgress(onProgress);
  const data = session.data;
  const packer = new WirePacker();
  const backend = session.backend;
  const choice = chooseSweepPath(opts.gpuSweep ?? 'auto', backend);
  const kernel = choice.kernel ? createKernelSweepRunner() : null;
  let ms = 0;
  const started = performance.now();
  // The CPU path hands each layer's per-filter tables to the packer as soon as it is swept
  // (packed already when a sweep worker swept it), and the config keeps none (the packer's
  // wire form carries them).
  const onSwept = (i: number, sweep: WeightSweep, packed?: PackedLayer) => {
    if (packed) packer.addPacked(packed);
    else packer.add(i, sweep.weightsPerFilter);
    sweep.weightsPerFilter = {};
  };
  // A big model's CPU sweep runs in sweep workers, one per core (the analysis worker waits).
  const threads = kernel ? 0 : opts.sweepWorkers ?? sweepWorkerCount(model.parameters, globalThis.navigator?.hardwareConcurrency ?? 1);
  const pool = threads > 1 ? startSweepWorkers(Math.min(threads, MAX_SWEEP_WORKERS), onSwept) : null;
  const cpuSweep = pool?.runner ?? sweepInProcessThen(onSwept);
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
    // The weight analysis goes to the page before the activations are captured (its tables
    // are the packer's, copied by the structured clone of the call). The capture waits until
    // the page has drawn it (at most PREVIEW_WAIT_MS): drawn while the capture kept both cores
    // busy, the preview's first layout took 2–3× longer and became a long main-thread task.
    onWeightsSwept: onPreview ? (preview) => untilDrawn(onPreview(packer.finish(preview))) : undefined,
  });
  const st = kernel?.state;
  const weightSweep: WeightSweepInfo = {
    path: !st ? 'cpu' : st.failure === null ? 'kernel' : 'kernel-fallback',
    backend: st?.backend || backend?.name || '',
    reason: choice.reason,
    kernelLayers: st?.kernelLayers ?? 0,
    cpuLayers: st ? st.cpuLayers : model.layers.length,
    failure: st?.failure ?? pool?.state.failure ?? null,
    threads: pool?.threads ?? 1,
    threadFallbackLayers: pool?.state.fallbackLayers ?? 0,
    ms: Math.round(ms * 10) / 10,
    analysisMs: Math.round((performance.now() - started) * 10) / 10,
  };
  const dataKey = data?.summary.key ?? null;
  const entry: StoredAnalysis = { id: analysisId(model.hash, dataKey, opts), modelHash: model.hash, dataKey, wire: packer.finish(config), weightSweep };
  analyses.set(entry);
  return entry;
}

function loadedModel() {
  const model = session.model;
  if (!model) throw new Error('no model loaded');
  return { model, dataKey: session.data?.summary.key ?? null };
}

/**
 * The analysis config (sweeps unpacked) a method starts from: the one the page names by id,
 * else the one of the options it names, computed now when the cache lacks it (a worker
 * restarted after a cancel holds none).
 */
export async function analysisBase(ref: AnalysisRef | null): Promise<StudioConfig> {
  const { model, dataKey } = loadedModel();
  const entry = await analyses.resolve(ref, { hash: model.hash, dataKey }, (opts) => computeAnalysis(opts, undefined));
  return analyses.config(entry);
}

export const analysisApi = {
  /**
   * Sweeps every quantizable layer (weights, and activations when data is loaded), or finds
   * the same analysis (model, data, options) in the cache unless `force`. Returns its id, a
   * copy of its wire form (per-filter tables packed, transferred) and how its sweep ran.
   * `onPreview` gets the weights-only config first when activations are still to be measured.
   */
  async analyze(opts: AnalyzeOptions = {}, onProgress?: ProgressCallback, force = false, onPreview?: PreviewCallback): Promise<AnalysisReply> {
    const { model, dataKey } = loadedModel();
    const hit = force ? undefined : analyses.get(analysisId(model.hash, dataKey, opts));
    const entry = hit ?? (await computeAnalysis(opts, onProgress, onPreview));
    const wire = AnalysisCache.transferable(entry);
    const reply: AnalysisReply = { id: entry.id, wire, weightSweep: entry.weightSweep, cached: hit !== undefined };
    return transfer(reply, wireTransfers(wire));
  },
};
