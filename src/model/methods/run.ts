/**
 * Running a bit-width method end to end on a loaded model: the registry's method decides
 * (./index.ts), the evaluation measures, and the result is a complete StudioConfig with its
 * summary filled in — one point on the Pareto front. The CLI `search`, the worker API and
 * scripts/results.ts all call this.
 */
import type { MethodInput } from '../../quant/methods/common';
import type { StudioConfig } from '../../quant/types';
import { throwIfAborted } from '../errors';
import { evaluateConfig, withEvaluation } from '../evaluate';
import type { LoadedModel } from '../types';
import { getMethod, type MethodName } from './index';
import type { MethodData, MethodRun, RunMethodOptions } from './types';

/** Layers whose activation point is a model output (their activations stay float). */
function outputLayerIndices(loaded: LoadedModel): number[] {
  const outputs = new Set(loaded.outputs.map((o) => o.node));
  return loaded.layers.flatMap((l, i) => (outputs.has(l.activationPoint) ? [i] : []));
}

/** The pure methods' input for a loaded model and its analysis. */
function methodInput(loaded: LoadedModel, base: StudioConfig): MethodInput {
  return { base, weights: loaded.layers.map((l) => l.weights), outputLayers: outputLayerIndices(loaded) };
}

/** Decides a config with `method` at `budget` (no evaluation yet, except inside CQ/EBS). */
export async function decideMethod(loaded: LoadedModel, base: StudioConfig, method: MethodName, data: MethodData,
  opts: RunMethodOptions = {}): Promise<StudioConfig> {
  const m = getMethod(method);
  return m.decide({
    loaded, input: methodInput(loaded, base), budget: opts.budget ?? m.info.defaultBudget, data,
    settings: opts.settings ?? {}, signal: opts.signal, onProgress: opts.onProgress, batchSize: opts.batchSize,
  });
}

/** Decides and evaluates: the complete config with measured summary (a Pareto point). */
export async function runMethod(loaded: LoadedModel, base: StudioConfig, method: MethodName, data: MethodData,
  opts: RunMethodOptions = {}): Promise<MethodRun> {
  const t0 = performance.now();
  const decided = await decideMethod(loaded, base, method, data, opts);
  throwIfAborted(opts.signal);
  const evaluation = await evaluateConfig(loaded, data.evaluation, decided, {
    signal: opts.signal, calibration: data.calibration, batchSize: opts.batchSize,
    onProgress: (p) => opts.onProgress?.({ method, stage: `evaluate:${p.stage}`, done: p.done, total: p.total, ...(p.running ? { running: p.running } : {}) }),
  });
  const config = withEvaluation(decided, evaluation);
  if (!config.data && base.data) config.data = { ...base.data };
  return { config, evaluation, ms: performance.now() - t0 };
}
