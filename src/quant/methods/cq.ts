/**
 * CQ — class-based per-filter bit-widths (Sun et al., DATE 2023; reconstruction, see
 * docs/methods.md). The Taylor importances come from src/model/gradients.ts; this module
 * is the pure part: scores, the bits-from-score map and the accuracy-constrained search.
 *
 * 1. Importance T[c][l][f] = mean over class-c samples of |mean_positions(a · ∂L/∂a)| at
 *    filter f's output (the layer's activation point).
 * 2. Normalised per class and layer by the layer mean: T̂ = T / mean_f T. A filter is
 *    important for class c when T̂ > τ (default τ = 1: above the layer's average for c).
 *    Score = number of classes it is important for, 0..C.
 * 3. Search: the filters form groups by score; every group starts at the top bit-width
 *    (8). Going from the lowest score up, a group's bits drop one at a time while the
 *    validation accuracy stays within ε of the float accuracy (the knob, default 0.01), and
 *    never below the bits of a lower-score group (more important → never fewer bits).
 *    With `targetAverageBits` instead, bits keep dropping until the parameter-weighted
 *    average reaches the target: `targetMode: 'accuracy'` takes at each step the move costing
 *    the least validation accuracy; `'score-order'` (no evaluations) lowers, among the groups
 *    with the most bits, the lowest-score one (a staircase one bit apart: the score alone
 *    decides); `'lowest-first'` is the earlier rule (lowest-score group to the floor first).
 * 4. Weights: per-filter symmetric fixed point with a per-filter scale.
 *
 * Example: C = 10, a filter above its layer's mean importance for digits 1, 4, 7 → score 3.
 * With ε = 0.01 and float accuracy 0.99: group 0 goes 8→7→…→3 (accuracy 0.985 at 3,
 * 0.97 at 2 → stays 3), group 1 then 8→…→3 (not below group 0's 3), and so on.
 */
import type { ActivationScheme, StudioConfig } from '../types';
import { activationsAt, averageWeightBits, decideLayer, methodConfig, type ActivationBits, type MethodInput } from './common';

/** Importance per class, layer, filter: T[c][l][f] ≥ 0. */
export type ClassImportance = number[][][];

export const CQ_DEFAULT_EPSILON = 0.01;
const CQ_DEFAULT_TAU = 1;
const CQ_TOP_BITS = 8;
const CQ_MIN_BITS = 2;

/**
 * Scores 0..C per layer and filter (see module comment, step 2).
 * Example: one layer, 2 classes, T = [[[3, 1]], [[1, 1]]], τ = 1: class 0 means 2 → T̂ = [1.5, 0.5];
 * class 1 → [1, 1] (not > 1) → scores [[1, 0]].
 */
export function classScores(T: ClassImportance, tau = CQ_DEFAULT_TAU): number[][] {
  if (T.length === 0) throw new Error('cq: no classes in the importance table');
  const layers = T[0].length;
  const scores = T[0].map((fs) => new Array<number>(fs.length).fill(0));
  for (const perClass of T) {
    if (perClass.length !== layers) throw new Error('cq: classes disagree on the number of layers');
    perClass.forEach((fs, l) => {
      const mean = fs.reduce((a, b) => a + b, 0) / Math.max(fs.length, 1);
      if (!(mean > 0)) return;
      fs.forEach((t, f) => { if (t / mean > tau) scores[l][f]++; });
    });
  }
  return scores;
}

/** Per-filter bits from score-group bits: bits[l][f] = groupBits[score[l][f]]. */
export function bitsFromScores(scores: number[][], groupBits: readonly number[]): number[][] {
  return scores.map((fs) => fs.map((s) => groupBits[s]));
}

export interface CqSettings {
  epsilon?: number;
  tau?: number;
  targetAverageBits?: number;
  /** How a target average is reached (default 'accuracy'; see module comment). */
  targetMode?: 'accuracy' | 'score-order' | 'lowest-first';
  activationBits?: ActivationBits;
  activationScheme?: ActivationScheme;
  minBits?: number;
}

/** Builds the CQ config for given per-filter bits. */
function cqConfigFromBits(input: MethodInput, bits: number[][], scores: number[][], budget: number | null,
  settings: Record<string, unknown>, aBits: ActivationBits = 8, aScheme: ActivationScheme = 'fixed'): StudioConfig {
  const layers = input.base.layers.map((l, i) => decideLayer(l,
    { scheme: 'fixed', bits: bits[i].slice(), granularity: 'per-filter' },
    activationsAt(aBits, aScheme), { importance: scores[i].slice() }));
  return methodConfig(input, 'cq', budget, settings, layers);
}

interface CqSearchOptions {
  /** Validation accuracy (0..1) of a candidate config. */
  evaluate: (config: StudioConfig) => Promise<number>;
  floatAccuracy: number;
  onStep?: (step: { evaluations: number; groupBits: number[]; accuracy: number; averageBits: number; accepted: boolean }) => void;
  signal?: AbortSignal;
}

interface CqSearchResult {
  config: StudioConfig;
  groupBits: number[];
  accuracy: number;
  evaluations: number;
}

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    const e = new Error('cancelled');
    e.name = 'AbortError';
    throw e;
  }
}

/**
 * Expands bits of the score groups that have filters (ascending `present` scores) to all
 * scores 0..C−1: an empty score takes the bits of the nearest lower present score.
 */
function expandGroups(present: number[], bits: number[], classes: number): number[] {
  const out = new Array<number>(classes);
  let k = 0;
  for (let s = 0; s < classes; s++) {
    while (k + 1 < present.length && present[k + 1] <= s) k++;
    out[s] = bits[k];
  }
  return out;
}

/** The accuracy-constrained (or target-average) search of step 3. */
export async function cqSearch(input: MethodInput, scores: number[][], settings: CqSettings, opts: CqSearchOptions): Promise<CqSearchResult> {
  const present = [...new Set(scores.flat())].sort((a, b) => a - b);
  if (present.length === 0) throw new Error('cq: no filters to quantize');
  const classes = present[present.length - 1] + 1;
  const minBits = settings.minBits ?? CQ_MIN_BITS;
  const epsilon = settings.epsilon ?? CQ_DEFAULT_EPSILON;
  const target = settings.targetAverageBits;
  const aBits = settings.activationBits ?? 8;
  const targetMode = settings.targetMode ?? 'accuracy';
  const recorded = { epsilon, tau: settings.tau ?? CQ_DEFAULT_TAU, activationBits: aBits, minBits,
    ...(target !== undefined ? { targetAverageBits: target, targetMode } : {}) };
  const budget = target ?? epsilon;
  const build = (b: number[]) => {
    const g = expandGroups(present, b, classes);
    return cqConfigFromBits(input, bitsFromScores(scores, g), scores, budget, { ...recorded, groupBits: g }, aBits, settings.activationScheme);
  };
  const avg = (b: number[]) => averageWeightBits(build(b).layers);
  let bits = new Array<number>(present.length).fill(CQ_TOP_BITS);
  let evaluations = 0;
  const evalBits = async (b: number[]) => {
    aborted(opts.signal);
    evaluations++;
    return opts.evaluate(build(b));
  };
  const step = (b: number[], accuracy: number, accepted: boolean) => opts.onStep?.({
    evaluations, groupBits: expandGroups(present, b, classes), accuracy, averageBits: avg(b), accepted });
  let accuracy = await evalBits(bits);
  const floor = (k: number, b: number[]) => Math.max(minBits, k > 0 ? b[k - 1] : minBits);
  if (target === undefined) {
    for (let k = 0; k < present.length; k++) {
      while (bits[k] > floor(k, bits)) {
        const trial = bits.slice();
        trial[k]--;
        const acc = await evalBits(trial);
        const accepted = opts.floatAccuracy - acc <= epsilon;
        step(trial, acc, accepted);
        if (!accepted) break;
        bits = trial;
        accuracy = acc;
      }
    }
  } else if (targetMode === 'score-order' || targetMode === 'lowest-first') {
    // 'lowest-first' (the earlier rule): the lowest-score group that may drop, down to
    // minBits before the next group moves — bimodal 2/8-bit layers, worse than uniform and
    // than shuffled scores on both demos (docs/results.md). 'score-order': a staircase — the
    // lowest-score group among those with the most bits drops, so a more important group
    // keeps at most one bit more than the next less important one at every step.
    while (avg(bits) > target) {
      const top = Math.max(...bits.filter((b, i) => b > floor(i, bits)));
      const k = targetMode === 'lowest-first'
        ? bits.findIndex((b, i) => b > floor(i, bits))
        : bits.findIndex((b, i) => b === top && b > floor(i, bits));
      if (k < 0 || !Number.isFinite(top)) break;
      bits[k]--;
    }
    accuracy = await evalBits(bits);
    step(bits, accuracy, true);
  } else {
    while (avg(bits) > target) {
      let best: { b: number[]; acc: number } | null = null;
      for (let k = 0; k < present.length; k++) {
        if (bits[k] <= floor(k, bits)) continue;
        const trial = bits.slice();
        trial[k]--;
        const acc = await evalBits(trial);
        if (!best || acc > best.acc) best = { b: trial, acc };
      }
      if (!best) break;
      bits = best.b;
      accuracy = best.acc;
      step(bits, accuracy, true);
    }
  }
  return { config: build(bits), groupBits: expandGroups(present, bits, classes), accuracy, evaluations };
}
