/**
 * Running a bit-width method end to end on a loaded model: the method decides (src/quant/
 * methods, or the gradient methods CQ and EBS here in src/model), the evaluation measures,
 * and the result is a complete StudioConfig with its summary filled in — one point on the
 * Pareto front. The CLI `search`, the worker API and scripts/results.ts all call this.
 */
import { floatConfig, type MethodInput } from '../quant/methods/common';
import { cqSearch, classScores } from '../quant/methods/cq';
import { knapsackConfig } from '../quant/methods/knapsack';
import { mxqnConfig } from '../quant/methods/mxqn';
import { nlqConfig, perLayerLogConfig } from '../quant/methods/nlq';
import { uniformConfig } from '../quant/methods/uniform';
import type { StudioConfig } from '../quant/types';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { throwIfAborted } from './errors';
import { evaluateConfig, withEvaluation, type CalibrationData, type EvaluationData, type EvaluationResult } from './evaluate';
import { assertDifferentiable, classTaylorImportance } from './gradients';
import { runEbs } from './ebs';
import type { LoadedModel } from './types';

export type MethodName = 'uniform' | 'uniform-per-filter' | 'mxqn' | 'nlq' | 'log-per-layer' | 'knapsack' | 'cq' | 'ebs';

export interface MethodInfo {
  name: MethodName;
  title: string;
  /** What the budget knob is, with its unit. */
  knob: string;
  defaultBudget: number;
  /** Knob values that trace the method's curve (results, Pareto chart). */
  curve: number[];
  /** Lower budget = smaller model? (false for targets such as dB, where higher = bigger). */
  needsGradients: boolean;
}

export const METHODS: Record<MethodName, MethodInfo> = {
  uniform: { name: 'uniform', title: 'Uniform (per tensor)', knob: 'bits (2–8), weights and activations', defaultBudget: 8, curve: [2, 3, 4, 5, 6, 7, 8], needsGradients: false },
  'uniform-per-filter': { name: 'uniform-per-filter', title: 'Uniform (per filter)', knob: 'bits (2–8), weights and activations', defaultBudget: 8, curve: [2, 3, 4, 5, 6, 7, 8], needsGradients: false },
  mxqn: { name: 'mxqn', title: 'MXQN (fixed/log by SQNR)', knob: 'per-layer SQNR target (dB)', defaultBudget: 20, curve: [8, 12, 16, 20, 24, 28, 32, 40], needsGradients: false },
  nlq: { name: 'nlq', title: 'NLQ (one shared log unit)', knob: 'weight bits (2–8)', defaultBudget: 4, curve: [2, 3, 4, 5, 6, 7, 8], needsGradients: false },
  'log-per-layer': { name: 'log-per-layer', title: 'Log, per-layer FSR (NLQ baseline)', knob: 'weight bits (2–8)', defaultBudget: 4, curve: [2, 3, 4, 5, 6, 7, 8], needsGradients: false },
  knapsack: { name: 'knapsack', title: 'Knapsack (size budget)', knob: 'average weight bits (size budget)', defaultBudget: 4, curve: [2, 2.5, 3, 3.5, 4, 5, 6], needsGradients: false },
  cq: { name: 'cq', title: 'CQ (class-based per-filter)', knob: 'allowed accuracy drop ε', defaultBudget: 0.01, curve: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1], needsGradients: true },
  ebs: { name: 'ebs', title: 'EBS (differentiable bit search)', knob: 'λ, weight of the BitOPs term', defaultBudget: 0.3, curve: [0.02, 0.05, 0.1, 0.2, 0.5, 1], needsGradients: true },
};

export function isMethodName(v: unknown): v is MethodName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(METHODS, v);
}

export interface MethodData {
  /** Images the reported figures are measured on (the demo: the test split). */
  evaluation: EvaluationData;
  /** Labeled images for the gradient methods (CQ importance, EBS training): the train split. */
  train?: EvaluationData;
  /** Images the CQ search checks its accuracy constraint on (default: train, else evaluation). */
  validation?: EvaluationData;
  /** Activation calibration images (default: the first 64 evaluation images). */
  calibration?: CalibrationData;
}

export interface MethodProgress {
  method: MethodName;
  /** 'importance' | 'search' | 'train' | 'evaluate' … */
  stage: string;
  done: number;
  total: number;
  /** EBS: the current loss; CQ: the accuracy of the last candidate. */
  loss?: number;
  accuracy?: number;
  message?: string;
}

export interface RunMethodOptions {
  budget?: number | null;
  settings?: Record<string, unknown>;
  signal?: AbortSignal;
  onProgress?: (p: MethodProgress) => void;
  batchSize?: number;
}

export interface MethodRun {
  config: StudioConfig;
  evaluation: EvaluationResult;
  ms: number;
}

/** Layers whose activation point is a model output (their activations stay float). */
export function outputLayerIndices(loaded: LoadedModel): number[] {
  let outputs: Set<string>;
  if (loaded.format === 'layers-model') {
    const m = loaded.model as LayersModel;
    outputs = new Set(m.outputs.map((o) => o.sourceLayer.name));
  } else outputs = new Set(loaded.outputs.map((o) => o.name.split(':')[0]));
  return loaded.layers.flatMap((l, i) => (outputs.has(l.activationPoint) ? [i] : []));
}

/** The pure methods' input for a loaded model and its analysis. */
export function methodInput(loaded: LoadedModel, base: StudioConfig): MethodInput {
  return { base, weights: loaded.layers.map((l) => l.weights), outputLayers: outputLayerIndices(loaded) };
}

/** Decides a config with `method` at `budget` (no evaluation yet, except inside CQ/EBS). */
export async function decideMethod(loaded: LoadedModel, base: StudioConfig, method: MethodName, data: MethodData,
  opts: RunMethodOptions = {}): Promise<StudioConfig> {
  const info = METHODS[method];
  if (!info) throw new Error(`unknown method '${String(method)}' (known: ${Object.keys(METHODS).join(', ')})`);
  const budget = opts.budget ?? info.defaultBudget;
  const s = (opts.settings ?? {}) as Record<string, never>;
  const input = methodInput(loaded, base);
  switch (method) {
    case 'uniform': return uniformConfig(input, budget, { ...s, granularity: 'per-tensor' });
    case 'uniform-per-filter': return uniformConfig(input, budget, { ...s, granularity: 'per-filter' });
    case 'mxqn': return mxqnConfig(input, budget, s);
    case 'nlq': return nlqConfig(input, budget, s);
    case 'log-per-layer': return perLayerLogConfig(input, budget, s);
    case 'knapsack': return knapsackConfig(input, budget, s);
    case 'cq': return runCq(loaded, input, budget, data, opts);
    case 'ebs': return runEbs(loaded, input, budget, data, opts);
  }
}

async function runCq(loaded: LoadedModel, input: MethodInput, epsilon: number, data: MethodData, opts: RunMethodOptions): Promise<StudioConfig> {
  assertDifferentiable(loaded, 'CQ');
  const train = data.train ?? data.evaluation;
  if (!train.labels) throw new Error('CQ needs labeled images (class-based importance)');
  const settings = (opts.settings ?? {}) as {
    tau?: number; perClass?: number; targetAverageBits?: number; targetMode?: 'accuracy' | 'score-order';
    activationBits?: number | 'float';
    /** Control experiment: shuffle the scores within each layer (seeded), keeping their histogram. */
    shuffleSeed?: number;
  };
  const report = (stage: string, done: number, total: number, extra: Partial<MethodProgress> = {}) =>
    opts.onProgress?.({ method: 'cq', stage, done, total, ...extra });
  const T = await classTaylorImportance(loaded, train, {
    perClass: settings.perClass, signal: opts.signal, onProgress: (d, t) => report('importance', d, t),
  });
  let scores = classScores(T, settings.tau);
  if (settings.shuffleSeed !== undefined) scores = shuffledScores(scores, settings.shuffleSeed);
  const validation = data.validation ?? data.train ?? data.evaluation;
  const floatRef = await evaluateConfig(loaded, validation, floatConfig(input), { signal: opts.signal, calibration: data.calibration, passes: 'weights' });
  const floatAccuracy = floatRef.weightsOnly!.accuracy ?? 1;
  const maxSteps = scores.length ? 7 * (Math.max(...scores.flat()) + 1) : 1;
  const result = await cqSearch(input, scores, { ...settings, epsilon }, {
    floatAccuracy,
    signal: opts.signal,
    evaluate: async (cfg) => {
      const r = await evaluateConfig(loaded, validation, cfg, { signal: opts.signal, calibration: data.calibration, passes: 'full', batchSize: opts.batchSize });
      const f = r.full!;
      return f.accuracy ?? f.agreement;
    },
    onStep: (st) => report('search', st.evaluations, maxSteps, { accuracy: st.accuracy, message: `groups ${st.groupBits.join(',')} → ${st.averageBits.toFixed(2)} bits` }),
  });
  result.config.method.settings = { ...result.config.method.settings, validation: validation.id, floatValidationAccuracy: floatAccuracy, validationAccuracy: result.accuracy, evaluations: result.evaluations };
  return result.config;
}

/** Scores permuted within each layer by a seeded Fisher–Yates shuffle (the CQ control). */
export function shuffledScores(scores: number[][], seed: number): number[][] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return scores.map((layer) => {
    const out = layer.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
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
    onProgress: (p) => opts.onProgress?.({ method, stage: `evaluate:${p.stage}`, done: p.done, total: p.total }),
  });
  const config = withEvaluation(decided, evaluation);
  if (!config.data && base.data) config.data = { ...base.data };
  return { config, evaluation, ms: performance.now() - t0 };
}
