/**
 * Analysis part of the worker API: the full per-layer SQNR sweep that produces a StudioConfig.
 * Progress goes back through a throttled callback (a comlink proxy on the app side).
 */
import { analyzeModel } from '../../src/model/analyze';
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

const PHASES: Record<string, string> = {
  weights: 'Sweeping weights',
  calibration: 'Capturing activations',
  activations: 'Sweeping activations',
};

export const analysisApi = {
  /** Sweeps every quantizable layer (weights, and activations when data is loaded). */
  async analyze(opts: AnalyzeOptions = {}, onProgress?: ProgressCallback): Promise<StudioConfig> {
    const model = session.model;
    if (!model) throw new Error('no model loaded');
    const progress = throttledProgress(onProgress);
    const data = session.data;
    return analyzeModel(model, {
      data: data ? { images: data.images, count: data.count, shape: data.sampleShape, source: data.summary.key } : null,
      calibration: opts.calibration,
      onProgress: (done, total, stage) => progress({ phase: PHASES[stage] ?? stage, done, total }),
    });
  },
};
