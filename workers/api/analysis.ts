/**
 * Analysis part of the worker API: the full per-layer SQNR sweep that produces a StudioConfig.
 * Progress goes back through a throttled callback (a comlink proxy on the app side).
 */
import type { LoadedModel } from '../../src/model/types';
import type { StudioConfig } from '../../src/quant/types';
import { session } from '../session';

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  /** Estimated milliseconds left in this phase; null until a rate is known. */
  etaMs: number | null;
}

export type ProgressCallback = (p: JobProgress) => void;

export interface AnalyzeOptions {
  /** Calibration images for activation sweeps (0 = weights only). */
  calibration?: number;
}

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

interface AnalyzeArgs {
  data?: { images: Float32Array; labels?: Uint8Array; count: number };
  calibration: number;
  onProgress: (p: { phase: string; done: number; total: number }) => void;
}
type AnalyzeModel = (m: LoadedModel, o: AnalyzeArgs) => Promise<StudioConfig>;

// TEMPORARY until src/model/analyze.ts lands: a glob import resolves to nothing when the file
// is missing, so the worker builds either way. Replace by a plain import afterwards.
const analyzeModules = import.meta.glob<{ analyzeModel: AnalyzeModel }>('../../src/model/analyze.ts');

async function layersOnly(m: LoadedModel): Promise<StudioConfig> {
  const layers = m.layers.map((l) => ({
    name: l.name, kind: l.kind, weightShape: l.weightShape, filters: l.filters, params: l.params, macs: l.macs,
    weights: { scheme: 'fixed' as const, bits: 8, granularity: 'per-tensor' as const },
    activations: { scheme: 'float' as const, bits: null },
  }));
  const params = layers.reduce((a, l) => a + l.params, 0);
  return {
    format: 'quantization-studio/config', version: 1,
    model: { name: m.name, hash: m.hash, format: m.format, parameters: m.parameters },
    method: { name: 'analysis' }, layers,
    summary: { averageWeightBits: 8, sizeBytes: params, floatSizeBytes: params * 4, bitops: layers.reduce((a, l) => a + l.macs * 8 * 32, 0) },
  };
}

async function analyzeModel(m: LoadedModel, o: AnalyzeArgs): Promise<StudioConfig> {
  const load = Object.values(analyzeModules)[0];
  if (!load) return layersOnly(m);
  return (await load()).analyzeModel(m, o);
}

export const analysisApi = {
  /** Sweeps every quantizable layer (weights, and activations when data is loaded). */
  async analyze(opts: AnalyzeOptions = {}, onProgress?: ProgressCallback): Promise<StudioConfig> {
    const model = session.model;
    if (!model) throw new Error('no model loaded');
    const progress = throttledProgress(onProgress);
    const data = session.data;
    const config = await analyzeModel(model, {
      data: data ? { images: data.images, labels: data.labels ?? undefined, count: data.count } : undefined,
      calibration: opts.calibration ?? 64,
      onProgress: progress,
    });
    return config;
  },
};
