/**
 * Knapsack allocation (baseline, "cheap sensitivity"): choose one weight bit-width per
 * layer minimising the parameter-weighted noise
 *
 *     Σ_l params_l / SQNR_l(b_l)          (linear SQNR, the additive-noise rule)
 *
 * subject to Σ_l storage_l(b_l) ≤ budget, with storage from the cost model (weights · bits
 * plus scales). A multiple-choice knapsack, solved exactly by dynamic programming over
 * Pareto lists of partial solutions (see {@link multipleChoiceKnapsack}).
 *
 * Knob: the budget as average bits per weight (default; budget bits = avg · Σ params plus
 * the scales of that average), in bytes (`budgetUnit: 'bytes'`), or in BitOPs
 * (`budgetUnit: 'bitops'`: Σ_l MACs_l · b_l · inputBits_l ≤ budget, with inputBits from the
 * cost model — the activation bits are fixed, so each layer's input precision is known).
 * Example: two layers of 1,000 weights, budget 5 bits on average: if layer A loses 30 → 24 dB
 * going 6 → 4 bits and layer B 36 → 30 dB going 6 → 4, the DP moves 2 bits from the layer
 * whose noise grows least (B: 1000/10^3.0 vs A: 1000/10^2.4) → A 6 bits, B 4 bits.
 */
import type { ActivationScheme, Granularity, StudioConfig, WeightScheme } from '../types';
import { layerInputBits } from '../config/summary';
import { activationsAt, decideLayer, floatActivations, layerStorageBits, methodConfig, noiseRatio, type ActivationBits, type MethodInput } from './common';
import { weightSqnr } from './sqnrTables';

export interface KnapsackSettings {
  budgetUnit?: 'average-bits' | 'bytes' | 'bitops';
  scheme?: WeightScheme;
  granularity?: Granularity;
  bits?: number[];
  activationBits?: ActivationBits;
  activationScheme?: ActivationScheme;
}

export const KNAPSACK_DEFAULT_AVERAGE_BITS = 4;
const CELLS = 4096;

interface Option { bits: number; cost: number; noise: number }

/**
 * Multiple-choice knapsack: pick one option per group, total cost ≤ budget, minimum total
 * noise. Exact: dynamic programming over Pareto lists of (cost, noise) partial solutions,
 * dominated ones pruned after every group (when a list would exceed 200,000 points, costs
 * are rounded up to a grid of budget/4096 first, which keeps the budget but may lose
 * optimality). Returns the chosen index per group, or null when even the cheapest choice
 * exceeds the budget.
 * Example: groups [[{cost 2, noise 5}, {cost 4, noise 1}], [{cost 2, noise 3}, {cost 4, noise 2}]],
 * budget 6 → [1, 0] (noise 4).
 */
export function multipleChoiceKnapsack(groups: readonly { cost: number; noise: number }[][], budget: number): number[] | null {
  const exact = solvePareto(groups, budget, (c) => c);
  if (exact !== 'too-large') return exact;
  const cell = budget / CELLS;
  return solvePareto(groups, budget, (c) => Math.ceil(c / cell - 1e-9) * cell) as number[] | null;
}

interface Point { cost: number; noise: number; prev: number; option: number }
const MAX_POINTS = 200_000;

function solvePareto(groups: readonly { cost: number; noise: number }[][], budget: number,
  round: (c: number) => number): number[] | null | 'too-large' {
  const stages: Point[][] = [];
  let front: Point[] = [{ cost: 0, noise: 0, prev: -1, option: -1 }];
  for (const g of groups) {
    const cand: Point[] = [];
    front.forEach((p, pi) => g.forEach((o, oi) => {
      const cost = p.cost + round(o.cost);
      if (cost <= budget + 1e-9) cand.push({ cost, noise: p.noise + o.noise, prev: pi, option: oi });
    }));
    if (cand.length === 0) return null;
    cand.sort((a, b) => a.cost - b.cost || a.noise - b.noise);
    const next: Point[] = [];
    for (const c of cand) if (next.length === 0 || c.noise < next[next.length - 1].noise) next.push(c);
    if (next.length > MAX_POINTS) return 'too-large';
    stages.push(next);
    front = next;
  }
  // The cheapest-noise point is the last of the final Pareto list.
  let idx = front.length - 1;
  const choice = new Array<number>(groups.length);
  for (let gi = groups.length - 1; gi >= 0; gi--) {
    const p = stages[gi][idx];
    choice[gi] = p.option;
    idx = p.prev;
  }
  return choice;
}

/** Knapsack config for `budget` (average bits by default; see module comment). */
export function knapsackConfig(input: MethodInput, budget: number = KNAPSACK_DEFAULT_AVERAGE_BITS, settings: KnapsackSettings = {}): StudioConfig {
  if (!(budget > 0) || !Number.isFinite(budget)) throw new Error(`knapsack: budget must be a positive number, got ${String(budget)}`);
  const scheme = settings.scheme ?? 'fixed';
  const granularity = settings.granularity ?? 'per-tensor';
  const bitsList = settings.bits ?? [2, 3, 4, 5, 6, 7, 8];
  const unit = settings.budgetUnit ?? 'average-bits';
  const layers = input.base.layers;
  const aBits = settings.activationBits ?? 8;
  const outputs = new Set(input.outputLayers ?? []);
  const acts = layers.map((_, i) => (outputs.has(i) ? floatActivations() : activationsAt(aBits, settings.activationScheme ?? 'fixed')));
  const inputBits = layerInputBits(layers.map((l, i) => ({ ...l, activations: acts[i] })), input.base.inputBits);
  const storage = (i: number, bits: number) => layerStorageBits({ ...layers[i], weights: { scheme, bits, granularity } });
  const cost = unit === 'bitops' ? (i: number, bits: number) => layers[i].macs * bits * inputBits[i] : storage;
  const groups: Option[][] = layers.map((l, i) => bitsList.map((bits) => ({
    bits, cost: cost(i, bits), noise: l.params * noiseRatio(weightSqnr(input, i, scheme, bits, granularity)),
  })));
  // Average bits: the storage all layers would use at exactly that average, scales included.
  const budgetBits = unit === 'bytes' ? budget * 8 : unit === 'bitops' ? budget
    : layers.reduce((a, l, i) => a + storage(i, 0) + l.params * budget, 0);
  let choice = multipleChoiceKnapsack(groups, budgetBits);
  const feasible = choice !== null;
  if (!choice) choice = groups.map(() => 0);
  const decided = layers.map((l, i) => decideLayer(l, { scheme, bits: groups[i][choice![i]].bits, granularity }, acts[i]));
  return methodConfig(input, 'knapsack', budget, {
    budgetUnit: unit, scheme, granularity, activationBits: aBits, ...(unit === 'bitops' ? { budgetBitops: budget } : { budgetBits }),
    ...(feasible ? {} : { note: 'budget below the smallest possible size: every layer at the lowest bit-width' }),
  }, decided);
}
