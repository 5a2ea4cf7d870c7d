/**
 * CQ, class-based per-filter bits: filters are ranked by how much every class needs them
 * (Taylor importance, ../gradients.ts), grouped by score, and the groups' bit-widths are
 * searched until the accuracy drop on the validation images reaches ε (the knob). The
 * search itself is pure (src/quant/methods/cq.ts); this file wires it to the model.
 */
import { floatConfig } from '../../quant/methods/common';
import { CQ_DEFAULT_EPSILON, classScores, cqSearch, type ClassImportance, type CqSettings } from '../../quant/methods/cq';
import { mulberry32 } from '../../quant/random';
import { evaluateConfig, type EvaluationData } from '../evaluate';
import { assertDifferentiable, classTaylorImportance } from '../gradients';
import { defineMethod, type MethodContext, type MethodProgress } from './types';

interface CqRunSettings extends CqSettings {
  /** Samples per class for the importance (default 32). */
  perClass?: number;
  /** Control experiment: shuffle the scores within each layer (seeded), keeping their histogram. */
  shuffleSeed?: number;
}

export const cq = defineMethod({
  info: {
    name: 'cq', title: 'CQ (class-based per-filter)', knob: 'allowed accuracy drop ε',
    defaultBudget: CQ_DEFAULT_EPSILON, curve: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1], needsGradients: true,
  },
  decide: runCq,
});

/**
 * The class importances of a model on a data set, computed once per (model, images, samples
 * per class): they depend on the float model only, so a curve of ε values, the score-order
 * targets and the shuffled-score controls reuse them instead of re-running the gradients.
 */
const importanceCache = new WeakMap<object, Map<string, Promise<ClassImportance>>>();
function importanceOf(loaded: MethodContext['loaded'], train: EvaluationData, perClass: number | undefined,
  signal: AbortSignal | undefined, onProgress: (done: number, total: number) => void): Promise<ClassImportance> {
  let byData = importanceCache.get(loaded);
  if (!byData) importanceCache.set(loaded, (byData = new Map()));
  const key = `${train.id}|${perClass ?? 'default'}`;
  let hit = byData.get(key);
  if (!hit) {
    hit = classTaylorImportance(loaded, train, { perClass, signal, onProgress });
    byData.set(key, hit);
    hit.catch(() => byData.delete(key)); // a cancelled or failed run is not kept
  }
  return hit;
}

async function runCq({ loaded, input, budget: epsilon, data, settings: raw, signal, onProgress, batchSize }: MethodContext) {
  assertDifferentiable(loaded, 'CQ');
  const train = data.train ?? data.evaluation;
  if (!train.labels) throw new Error('CQ needs labeled images (class-based importance)');
  const settings = raw as CqRunSettings;
  const report = (stage: string, done: number, total: number, extra: Partial<MethodProgress> = {}) =>
    onProgress?.({ method: 'cq', stage, done, total, ...extra });
  const T = await importanceOf(loaded, train, settings.perClass, signal, (d, t) => report('importance', d, t));
  let scores = classScores(T, settings.tau);
  if (settings.shuffleSeed !== undefined) scores = shuffledScores(scores, settings.shuffleSeed);
  const validation = data.validation ?? data.train ?? data.evaluation;
  const floatRef = await evaluateConfig(loaded, validation, floatConfig(input), { signal, calibration: data.calibration, passes: 'weights' });
  const floatAccuracy = floatRef.weightsOnly!.accuracy ?? 1;
  const maxSteps = scores.length ? 7 * (Math.max(...scores.flat()) + 1) : 1;
  const result = await cqSearch(input, scores, { ...settings, epsilon }, {
    floatAccuracy,
    signal,
    evaluate: async (cfg) => {
      const r = await evaluateConfig(loaded, validation, cfg, { signal, calibration: data.calibration, passes: 'full', batchSize });
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
  const rand = mulberry32(seed);
  return scores.map((layer) => {
    const out = layer.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  });
}
