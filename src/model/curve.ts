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
 *   - final figures as precise as needed, not more: after the preview, a point's final
 *     measurement grows over the images in quarters (half of them, three quarters, all:
 *     each step runs only the images the last one did not) and stops early once its
 *     figure is precise enough: the interval of its accuracy (labelled data) or agreement
 *     with the float model (no labels) is within ±`precision` (default ±2.5 percentage
 *     points), and without labels its output SQNR's interval within ±0.5 dB (agreement on
 *     synthetic inputs can be the same class for every image: no signal, see the summary
 *     bar). A point at 128/128 agreement is settled on half the images; one near 50 %
 *     runs on all of them. The check at each of the two early looks uses intervals at
 *     97.5 % (Bonferroni: two looks share the 5 % of a 95 % interval), so stopping early
 *     does not make the figure look more certain than a fixed-size run would;
 *     `precision: 0` measures every point on all images;
 *   - every point goes to `onPoint` the moment it is measured, so a cancelled curve keeps
 *     the points it has.
 */
import type { StudioConfig } from '../quant/types';
import { wilsonInterval } from '../quant/wilson';
import { CURVE_PRECISION } from './curvePrecision';
import { throwIfAborted } from './errors';
import { evaluateConfig, withEvaluation, type EvaluationData, type EvaluationProgress, type EvaluationResult } from './evaluate';
import { decideMethod } from './methods/run';
import type { MethodName } from './methods/index';
import type { MethodData, MethodProgress } from './methods/types';
import type { LoadedModel } from './types';

export { CURVE_PRECISION };

/** Evaluation sets at least this big get a preview round on their first quarter. */
const PREVIEW_MIN_IMAGES = 128;

/**
 * z of the two early looks' intervals: Φ⁻¹(1 − 0.025/2) = 2.2414, a 97.5 % Wilson interval
 * each, so the two looks together keep the 5 % error rate of one 95 % interval (Bonferroni).
 */
export const EARLY_LOOK_Z = 2.2414;

/**
 * The image counts a final measurement grows through after a preview of `previewCount`
 * images (a quarter of `count`): half, three quarters, all (ascending, no repeats).
 */
export function finalSteps(count: number, previewCount: number): number[] {
  const steps = [2 * previewCount, 3 * previewCount].filter((k) => k > previewCount && k < count);
  return [...new Set(steps), count];
}

/** Without labels, an output SQNR is settled once its interval (at EARLY_LOOK_Z) is within ±0.5 dB. */
export const SQNR_PRECISION_DB = 0.5;

/**
 * Whether a measurement is precise enough to stop early: its main figure's interval
 * (accuracy on labelled data, else agreement with the float model), at EARLY_LOOK_Z, is
 * within ±precision; without labels, its output SQNR's interval is also within
 * ±SQNR_PRECISION_DB (sqnrInterval.ts). Example: 128 of 128 images agree → [0.962, 1], ±1.9
 * points: settled at ±2.5 points when the output SQNR is known to ±0.5 dB.
 */
export function settled(r: EvaluationResult, precision: number): boolean {
  const pass = r.full ?? r.weightsOnly;
  if (!pass || !(precision > 0) || r.count <= 0) return false;
  const value = r.labeled ? pass.accuracy : pass.agreement;
  if (value === null || !Number.isFinite(value)) return false;
  const [low, high] = wilsonInterval(Math.round(value * r.count), r.count, EARLY_LOOK_Z);
  if ((high - low) / 2 > precision) return false;
  // Without labels the output SQNR is the other figure (and the only one with a signal on
  // synthetic inputs, where the float model may give every image the same class).
  return r.labeled || EARLY_LOOK_Z * pass.outputSqnrSeDb <= SQNR_PRECISION_DB;
}

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
  /** Stop a final measurement early once its interval is within ±precision (default CURVE_PRECISION; 0: all images). */
  precision?: number;
  onPoint?: (p: CurvePoint) => void;
  onProgress?: (p: MethodProgress, point: { budget: number; round: CurvePoint['round']; index: number; total: number }) => void;
}

/** The curve's configs in budget order (each its final measurement). See the module comment. */
export async function runCurve(loaded: LoadedModel, base: StudioConfig, method: MethodName, data: MethodData,
  opts: CurveOptions): Promise<StudioConfig[]> {
  const order = progressiveOrder(opts.budgets.length);
  const all = data.evaluation;
  const precision = opts.precision ?? CURVE_PRECISION;
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
      // The final round grows over the images after the preview's, each step running only the
      // images the last one did not (their outputs are kept), until the figure is settled.
      const steps = round === 'final' && preview ? finalSteps(all.count, preview.count) : [evaluation.count];
      let prefix = round === 'final' ? preview : null;
      let r: EvaluationResult | null = null;
      for (const count of steps) {
        throwIfAborted(opts.signal);
        const images = count === evaluation.count ? evaluation : firstImages(all, count);
        r = await evaluateConfig(loaded, images, config, {
          passes: 'full', calibration: data.calibration, batchSize: opts.batchSize, signal: opts.signal,
          ...(prefix ? { prefix } : {}),
          onProgress: (p: EvaluationProgress) => report({
            method, stage: `evaluate:${p.stage}`, done: p.done, total: p.total, ...(p.running ? { running: p.running } : {}),
          }),
        });
        prefix = images;
        if (count < evaluation.count && settled(r, precision)) break;
      }
      const point = withEvaluation(config, r!, evaluatedOn(r!, round, all));
      if (!point.data && base.data) point.data = { ...base.data };
      results.set(i, point);
      done++;
      opts.onPoint?.({ config: point, budget, round, done, total });
    }
  }
  return opts.budgets.map((_, i) => results.get(i)!);
}

/** How a point was measured, for its summary: undefined for a plain run on all images. */
function evaluatedOn(r: EvaluationResult, round: CurvePoint['round'], all: EvaluationData): string | undefined {
  if (round === 'preview') return `${all.id} (preview: first ${r.count} of ${all.count} images, ${r.backend})`;
  if (r.count >= all.count) return undefined;
  const pass = (r.full ?? r.weightsOnly)!;
  const [low, high] = wilsonInterval(Math.round((r.labeled ? pass.accuracy! : pass.agreement) * r.count), r.count);
  const pp = (x: number) => `${(100 * x).toFixed(1)}`;
  const sqnr = r.labeled ? '' : ` and output SQNR ±${(1.96 * pass.outputSqnrSeDb).toFixed(2)} dB`;
  return `${all.id} (first ${r.count} of ${all.count} images: ${r.labeled ? 'accuracy' : 'agreement'} 95 % interval ` +
    `${pp(low)}–${pp(high)} %${sqnr}, precise enough, so the rest were not run; ${r.backend})`;
}
