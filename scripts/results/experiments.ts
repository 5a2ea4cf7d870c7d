/**
 * The experiments behind docs/results.md: every method across its knob, the controls, and
 * the four claims, each measured on the same test images so that two configs can be
 * compared image by image (McNemar, paired bootstrap; src/quant/stats).
 *
 * `quick` is the fast subset the CI test recomputes (deterministic methods on LeNet only);
 * the full run adds the curves, the gradient methods over three seeds and the second model.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quiet } from '../../src/cli/backend';
import { parseMnistBinary, selectSplit, takeBalanced } from '../../src/data/mnistBinary';
import { analyzeModel } from '../../src/model/analyze';
import type { MethodData, MethodName } from '../../src/model/methods';
import { runMethod } from '../../src/model/methods/run';
import { loadModelFromFiles } from '../../src/model/load';
import type { LoadedModel } from '../../src/model/types';
import {
  meanSpread, pairedCounts, pairedDifferenceInterval, pairedVerdict, wilsonInterval, type Spread, type Verdict,
} from '../../src/quant/stats';
import type { StudioConfig } from '../../src/quant/types';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SEEDS = [1, 2, 3];
export const EBS_STEPS = 60;

/** One evaluated config: its cost, its accuracy with a 95 % Wilson interval, its per-image predictions. */
export interface Point {
  label: string;
  method: string;
  budget: number | null;
  seed?: number;
  averageBits: number;
  sizeBytes: number;
  bitops: number;
  /** BitOPs as a fraction of the float model's (32 × 32, float input). */
  bitopsFraction: number;
  correct: number;
  n: number;
  accuracy: number;
  lo: number;
  hi: number;
  /** Per layer: weight bits / activation bits (x̄ = mean of per-filter bits). */
  layers: string;
  note?: string;
  preds: Int32Array;
}

interface Comparison {
  a: string;
  b: string;
  onlyA: number;
  onlyB: number;
  p: number;
  verdict: Verdict;
  /** accuracy(a) − accuracy(b) and its paired-bootstrap 95 % interval. */
  difference: number;
  lo: number;
  hi: number;
}

export type ClaimVerdict = 'reproduced' | 'not reproduced' | 'inconclusive';

export interface Claim {
  key: 'mxqn' | 'cq' | 'nlq' | 'ebs';
  claim: string;
  verdict: ClaimVerdict;
  evidence: string[];
}

export interface ModelResults {
  model: string;
  description: string;
  floatAccuracy: number;
  layers: number;
  params: number;
  macs: number;
  points: Point[];
  comparisons: Comparison[];
  seeds: { label: string; spread: Spread; bitops: Spread }[];
  claims: Claim[];
}

export function demoData(): MethodData {
  const path = join(ROOT, 'public/data/mnist.bin');
  if (!existsSync(path)) throw new Error('public/data/mnist.bin is missing: run `npm run data` first');
  const b = readFileSync(path);
  const ds = parseMnistBinary(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const test = selectSplit(ds, 'test');
  const train = selectSplit(ds, 'train');
  const val = takeBalanced(ds, 500, 'train');
  const cal = takeBalanced(ds, 64, 'train');
  return {
    evaluation: { id: `demo:mnist:test:${test.count}`, images: test.images, labels: test.labels, count: test.count },
    train: { id: `demo:mnist:train:${train.count}`, images: train.images, labels: train.labels, count: train.count },
    validation: { id: 'demo:mnist:train-balanced:500', images: val.images, labels: val.labels, count: val.count },
    calibration: { id: `demo:mnist:train-balanced:${cal.count}`, images: cal.images, count: cal.count },
  };
}

function perLayer(cfg: StudioConfig): string {
  const w = (b: number | number[]) => (typeof b === 'number' ? (b >= 32 ? 'f' : String(b)) : `x̄${(b.reduce((s, x) => s + x, 0) / b.length).toFixed(1)}`);
  const a = (l: StudioConfig['layers'][number]) => {
    const x = l.activations;
    if (x.scheme === 'float' || x.bits === null) return 'f';
    return `${x.scheme === 'log2' ? 'L' : x.scheme === 'log2-sqrt2' ? 'L√' : ''}${x.bits}`;
  };
  return cfg.layers.map((l) => `${w(l.weights.bits)}/${a(l)}`).join(' ');
}

/** Runs methods on one model and keeps every point. */
export class Bench {
  readonly points: Point[] = [];
  readonly comparisons: Comparison[] = [];
  /** Top-1 accuracy of the float model on the evaluation images. */
  floatAccuracy = NaN;
  private constructor(readonly loaded: LoadedModel, readonly base: StudioConfig, readonly data: MethodData, readonly labels: Uint8Array) {}

  static async open(model: string, data: MethodData): Promise<Bench> {
    const dir = join(ROOT, 'public/models', model);
    const files = new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
    const loaded = await loadModelFromFiles(files, { name: model });
    const cal = data.calibration!;
    const base = await quiet(() => analyzeModel(loaded, { data: { images: cal.images, count: cal.count, shape: [28, 28, 1], source: cal.id }, calibration: cal.count }));
    return new Bench(loaded, base, data, data.evaluation.labels!);
  }

  async run(label: string, method: MethodName, budget: number, settings: Record<string, unknown> = {}, note?: (c: StudioConfig) => string): Promise<Point> {
    const r = await quiet(() => runMethod(this.loaded, this.base, method, this.data, { budget, settings }));
    const pass = r.evaluation.full ?? r.evaluation.weightsOnly!;
    this.floatAccuracy = r.evaluation.floatAccuracy ?? NaN;
    const s = r.config.summary;
    let correct = 0;
    pass.preds.forEach((p, i) => { if (p === this.labels[i]) correct++; });
    const n = pass.preds.length;
    const ci = wilsonInterval(correct, n);
    const point: Point = {
      label, method, budget, ...(typeof settings.seed === 'number' ? { seed: settings.seed } : typeof settings.shuffleSeed === 'number' ? { seed: settings.shuffleSeed } : {}),
      averageBits: s.averageWeightBits, sizeBytes: s.sizeBytes, bitops: s.bitops, bitopsFraction: s.bitops / (s.floatBitops ?? 1),
      correct, n, accuracy: correct / n, lo: ci.lo, hi: ci.hi, layers: perLayer(r.config), preds: pass.preds,
      ...(note ? { note: note(r.config) } : {}),
    };
    this.points.push(point);
    process.stdout.write(`${this.loaded.name} ${label}: ${(100 * point.accuracy).toFixed(2)}% bits ${point.averageBits.toFixed(2)} (${(r.ms / 1000).toFixed(1)} s)\n`);
    return point;
  }

  compare(a: Point, b: Point): Comparison {
    const c = pairedCounts(a.preds, b.preds, this.labels);
    const v = pairedVerdict(c);
    const d = pairedDifferenceInterval(c);
    const out: Comparison = { a: a.label, b: b.label, onlyA: c.onlyA, onlyB: c.onlyB, p: v.p, verdict: v.verdict, difference: d.difference, lo: d.lo, hi: d.hi };
    this.comparisons.push(out);
    return out;
  }

}

/** The deterministic points the CI test recomputes (LeNet): labels are the keys of the doc's check block. */
export async function quickSubset(b: Bench): Promise<Point[]> {
  return [
    await b.run('uniform 4-bit (W4A4, max-abs)', 'uniform', 4),
    await b.run('uniform per filter 3-bit (W3A3)', 'uniform-per-filter', 3),
    await b.run('W8A8 per-channel, max-abs', 'w8a8', 8, { activationCalibration: 'max-abs' }),
    await b.run('W8A8 per-channel, KL', 'w8a8', 8, { activationCalibration: 'kl' }),
    await b.run('W8 A2 fixed, MSE clip', 'uniform', 8, { activationBits: 2, activationCalibration: 'mse' }),
    await b.run('random widths 4 bits, seed 1', 'random', 4, { seed: 1 }),
    await b.run('NLQ shared unit 3-bit', 'nlq', 3),
    await b.run('knapsack 3 bits/weight', 'knapsack', 3),
  ];
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const pts = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(2)} pts`;
export function describeComparison(c: Comparison): string {
  return `${c.a} vs ${c.b}: ${pts(c.difference)} [${pts(c.lo)}, ${pts(c.hi)}], only-left ${c.onlyA} / only-right ${c.onlyB} images, McNemar p = ${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)} → ${c.verdict}`;
}
export { pct };

/** Verdict of a "left ≥ right" claim from paired tests: reproduced when better, not when worse, else inconclusive. */
export function atLeastVerdict(cs: Comparison[]): ClaimVerdict {
  if (cs.some((c) => c.verdict === 'worse')) return cs.some((c) => c.verdict === 'better') ? 'inconclusive' : 'not reproduced';
  return cs.some((c) => c.verdict === 'better') ? 'reproduced' : 'inconclusive';
}

export function seedSpread(label: string, ps: Point[]): { label: string; spread: Spread; bitops: Spread } {
  return { label, spread: meanSpread(ps.map((p) => p.accuracy)), bitops: meanSpread(ps.map((p) => p.bitopsFraction)) };
}
