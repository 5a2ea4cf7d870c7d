/**
 * A method's curve — one evaluated config per budget, the Pareto points — computed so that a
 * useful answer comes first and the rest refines it:
 *   - order: the two ends of the budget range first, then the middle of the widest gap left
 *     (bisection), so the curve's extent is known after two points and every further point
 *     halves the largest uncertainty;
 *   - preview round: when the evaluation set is large (≥ PREVIEW_MIN_IMAGES), every point is
 *     first measured on its first quarter, then on all images, replacing the preview (same
 *     decisions: a point is decided once; the final round runs only the other three
 *     quarters and reuses the preview's outputs, evaluate.ts's `prefix`);
 *   - one pass per point: weights and activations quantized, as the chart plots it (the
 *     weight-only figure is for single runs); the float reference and the activation
 *     calibration are computed once and shared by every point (evaluate.ts caches them);
 *   - every point goes to `onPoint` the moment it is measured, so a cancelled curve keeps
 *     the points it has.
 */
import type { StudioConfig } from '../quant/types';
import { throwIfAborted } from './errors';
import { evaluateConfig, withEvaluation, type EvaluationData, type EvaluationProgress } from './evaluate';
import { decideMethod } from './methods/run';
import type { MethodName } from './methods/index';
import type { MethodData, MethodProgress } from './methods/types';
import type { LoadedModel } from './types';

/** Evaluation sets at least this big get a preview round on their first quarter. */
const PREVIEW_MIN_IMAGES = 128;

/** Indices of `n` budgets in progressive order: ends first, then bisection of the widest gap. */
export function progressiveOrder(n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [0];
  const out = [0, n - 1];
  const gaps: [number, number][] = [[0, n - 1]];
  while (gaps.length > 0) {
    let widest = 0;
    for (let g = 1; g < gaps.length; g++) if (gaps[g][1] - gaps[g][0] > gaps[widest][1] - gaps[widest][0]) widest = g;
    const [a, b] = gaps.splice(widest, 1)[0];
    if (b - a < 2) continue;
    const m = Math.floor((a + b) / 2);
    out.push(m);
    gaps.push([a, m], [m, b]);
  }
  return out;
}

/** The first `count` images of a set (its own cache id). */
export function firstImages(data: EvaluationData, count: number): EvaluationData {
  const per = data.images.length / Math.max(data.count, 1);
  return {
    id: `${data.id}:first${count}`, images: data.images.subarray(0, count * per),
    labels: data.labels ? data.labels.subarray(0, count) : null, count,
  };
}

export interface CurvePoint {
  config: StudioConfig;
  budget: number;
  /** 'preview' (first quarter of the images) or 'final' (all of them). */
  round: 'preview' | 'final';
  /** Points measured so far, this one included, and the number the curve will measure. */
  done: number;
  total: number;
}

interface CurveOptions {
  budgets: readonly number[];
  settings?: Record<string, unknown>;
  batchSize?: number;
  signal?: AbortSignal;
  /** No preview round even for a large evaluation set. */
  noPreview?: boolean;
  onPoint?: (p: CurvePoint) => void;
  onProgress?: (p: MethodProgress, point: { budget: number; round: CurvePoint['round']; index: number; total: number }) => void;
}

/** The curve's configs in budget order (each its final measurement). See the module comment. */
export async function runCurve(loaded: LoadedModel, base: StudioConfig, method: MethodName, data: MethodData,
  opts: CurveOptions): Promise<StudioConfig[]> {
  const order = progressiveOrder(opts.budgets.length);
  const all = data.evaluation;
  const preview = !opts.noPreview && all.count >= PREVIEW_MIN_IMAGES ? firstImages(all, Math.ceil(all.count / 4)) : null;
  const rounds: [CurvePoint['round'], EvaluationData][] = preview ? [['preview', preview], ['final', all]] : [['final', all]];
  const decided = new Map<number, StudioConfig>();
  const results = new Map<number, StudioConfig>();
  const total = rounds.length * order.length;
  let done = 0;
  for (const [round, evaluation] of rounds) {
    for (const i of order) {
      throwIfAborted(opts.signal);
      const budget = opts.budgets[i];
      const where = { budget, round, index: done, total };
      const report = (p: MethodProgress) => opts.onProgress?.(p, where);
      let config = decided.get(i);
      if (!config) {
        config = await decideMethod(loaded, base, method, data, {
          budget, settings: opts.settings, signal: opts.signal, batchSize: opts.batchSize, onProgress: report,
        });
        decided.set(i, config);
      }
      throwIfAborted(opts.signal);
      const r = await evaluateConfig(loaded, evaluation, config, {
        passes: 'full', calibration: data.calibration, batchSize: opts.batchSize, signal: opts.signal,
        // The final round runs only the images the preview did not: their outputs are kept.
        ...(round === 'final' && preview ? { prefix: preview } : {}),
        onProgress: (p: EvaluationProgress) => report({
          method, stage: `evaluate:${p.stage}`, done: p.done, total: p.total, ...(p.running ? { running: p.running } : {}),
        }),
      });
      const point = withEvaluation(config, r, round === 'preview'
        ? `${evaluation.id} (preview: first ${r.count} of ${all.count} images, ${r.backend})` : undefined);
      if (!point.data && base.data) point.data = { ...base.data };
      results.set(i, point);
      done++;
      opts.onPoint?.({ config: point, budget, round, done, total });
    }
  }
  return opts.budgets.map((_, i) => results.get(i)!);
}
