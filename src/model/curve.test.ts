/**
 * Progressive curves (curve.ts): the order, the preview round, points streamed as measured,
 * final figures (which reuse the preview's images) equal a plain evaluation of the same
 * decisions, and a stopped curve keeps the points it measured.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { layersModelFiles } from '../../scripts/make-graph-fixture';
import type { StudioConfig } from '../quant/types';
import { analyzeModel } from './analyze';
import { EARLY_LOOK_Z, finalSteps, firstImages, progressiveOrder, runCurve, settled, type CurvePoint } from './curve';
import { evaluateConfig, type EvaluationResult, type RunningFigure } from './evaluate';
import { loadModelFromFiles } from './load';
import { decideMethod } from './methods/run';
import type { MethodData } from './methods';
import { demoData, useWasm } from './testingHelpers';
import type { LoadedModel } from './types';

let loaded: LoadedModel;
let base: StudioConfig;
let data: MethodData;

beforeAll(async () => {
  await useWasm();
  loaded = await loadModelFromFiles(await layersModelFiles('float32'));
  const test = demoData(160, 'test');
  data = { evaluation: test, calibration: { id: 'cal', images: test.images.subarray(0, 32 * 784), count: 32 } };
  base = await analyzeModel(loaded, { data: { images: test.images, count: 32, shape: [28, 28, 1] } });
});

describe('progressiveOrder', () => {
  it('ends first, then bisection', () => {
    expect(progressiveOrder(7)).toEqual([0, 6, 3, 1, 4, 2, 5]);
    expect(progressiveOrder(2)).toEqual([0, 1]);
    expect(progressiveOrder(1)).toEqual([0]);
    expect(progressiveOrder(0)).toEqual([]);
  });

  it('is a permutation that never leaves a gap wider than twice the narrowest', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 60 }), (n) => {
      const order = progressiveOrder(n);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (let k = 2; k <= n; k++) {
        const seen = order.slice(0, k).sort((a, b) => a - b);
        const gaps = seen.slice(1).map((v, i) => v - seen[i]);
        expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * Math.min(...gaps) + 1);
      }
    }));
  });
});

describe('runCurve', () => {
  it('streams a preview of every point, then the final figures, which equal a plain full-pass evaluation', async () => {
    const points: CurvePoint[] = [];
    const running: RunningFigure[] = [];
    const firstDone = new Map<string, number>();
    const budgets = [3, 4, 6, 8];
    const out = await runCurve(loaded, base, 'uniform', data, {
      budgets, batchSize: 32, precision: 0, onPoint: (p) => points.push(p),
      onProgress: (p, where) => {
        if (p.running) running.push(p.running);
        const k = `${where.round} ${where.budget}`;
        if (p.stage === 'evaluate:full' && !firstDone.has(k)) firstDone.set(k, p.done);
        if (p.stage === 'evaluate:float' && !firstDone.has(`float ${where.round}`)) firstDone.set(`float ${where.round}`, p.done);
      },
    });
    // The final round reuses the preview's 40 images (quantized and float outputs): its first batch ends past them.
    expect(firstDone.get('float preview')).toBe(32);
    expect(firstDone.get('float final')).toBe(72);
    for (const b of budgets) {
      expect(firstDone.get(`preview ${b}`)).toBe(32);
      expect(firstDone.get(`final ${b}`)).toBe(72);
    }
    expect(points.map((p) => [p.budget, p.round])).toEqual([
      [3, 'preview'], [8, 'preview'], [4, 'preview'], [6, 'preview'], [3, 'final'], [8, 'final'], [4, 'final'], [6, 'final'],
    ]);
    expect(points.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(points[0].config.summary.evaluatedOn).toMatch(/preview: first 40 of 160 images/);
    expect(out.map((c) => c.method.budget)).toEqual(budgets);
    for (const [i, c] of out.entries()) {
      const decided = await decideMethod(loaded, base, 'uniform', data, { budget: budgets[i] });
      const r = await evaluateConfig(loaded, data.evaluation, decided, { passes: 'full', calibration: data.calibration });
      expect(c.summary.accuracy).toBe(r.full!.accuracy);
      expect(c.summary.outputSqnrDb).toBe(r.full!.outputSqnrDb);
    }
    // The running figure is the accuracy over the images done so far, inside its interval.
    expect(running.length).toBeGreaterThan(0);
    for (const f of running) {
      expect(f.metric).toBe('accuracy');
      expect(f.low).toBeLessThanOrEqual(f.value);
      expect(f.high).toBeGreaterThanOrEqual(f.value);
    }
    const last = running[running.length - 1];
    expect(last.images).toBe(160);
    expect(last.value).toBe(out[2].summary.accuracy); // budget 6, measured last
  });

  it('settles a final figure early once it is precise enough, and equals a plain evaluation of those images', async () => {
    const budgets = [2, 8];
    // ±50 points: every figure is settled at the first early look (half of the 160 images).
    const loose = await runCurve(loaded, base, 'uniform', data, { budgets, batchSize: 32, precision: 0.5 });
    for (const [i, c] of loose.entries()) {
      expect(c.summary.evaluatedOn).toMatch(/first 80 of 160 images: accuracy 95 % interval [\d.]+–[\d.]+ %, precise enough/);
      const decided = await decideMethod(loaded, base, 'uniform', data, { budget: budgets[i] });
      const r = await evaluateConfig(loaded, firstImages(data.evaluation, 80), decided, { passes: 'full', calibration: data.calibration });
      expect(c.summary.accuracy).toBe(r.full!.accuracy);
      expect(c.summary.outputSqnrDb).toBe(r.full!.outputSqnrDb);
    }
    // The default (±2.5 points): a figure stops early only if its interval is that narrow.
    const strict = await runCurve(loaded, base, 'uniform', data, { budgets, batchSize: 32 });
    for (const c of strict) {
      const m = /first (\d+) of 160 images: accuracy 95 % interval ([\d.]+)–([\d.]+) %/.exec(c.summary.evaluatedOn ?? '');
      if (m) expect((Number(m[3]) - Number(m[2])) / 2).toBeLessThanOrEqual(2.5);
      else expect(c.summary.evaluatedOn).toMatch(/\(160 images/);
    }
  });

  it('a stopped curve has streamed the points it measured', async () => {
    const ctl = new AbortController();
    const points: CurvePoint[] = [];
    const run = runCurve(loaded, base, 'uniform', data, {
      budgets: [2, 4, 8], batchSize: 32, noPreview: true,
      onPoint: (p) => { points.push(p); if (points.length === 2) ctl.abort(); }, signal: ctl.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(points.map((p) => [p.budget, p.round])).toEqual([[2, 'final'], [8, 'final']]);
  });

  it('finalSteps grows a measurement by quarters after the preview', () => {
    expect(finalSteps(256, 64)).toEqual([128, 192, 256]);
    expect(finalSteps(160, 40)).toEqual([80, 120, 160]);
    expect(finalSteps(130, 33)).toEqual([66, 99, 130]);
    expect(finalSteps(10, 3)).toEqual([6, 9, 10]);
    expect(finalSteps(5, 5)).toEqual([5]);
  });

  it('settled: the figure\'s interval at the early-look level within ±precision', () => {
    const result = (k: number, n: number, labeled = false, outputSqnrSeDb = 0.1): EvaluationResult => ({
      count: n, labeled, floatAccuracy: null, weightsOnly: null, layers: [], dataId: 'd', calibrationId: 'c', ms: 0, backend: 'cpu',
      full: { accuracy: labeled ? k / n : null, agreement: k / n, outputSqnrDb: 10, outputCosine: 1, outputSqnrSeDb, preds: new Int32Array(n) },
    });
    expect(settled(result(128, 128), 0.025)).toBe(true); // [0.962, 1]: ±1.9 points
    expect(settled(result(64, 64), 0.025)).toBe(false); // [0.927, 1]: ±3.6 points
    expect(settled(result(0, 128), 0.025)).toBe(true);
    expect(settled(result(128, 256), 0.025)).toBe(false); // near 50 %: ±7 points
    expect(settled(result(128, 256, true), 0.08)).toBe(true);
    expect(settled(result(128, 128), 0)).toBe(false); // precision 0: never early
    expect(settled({ ...result(1, 1), full: null }, 0.5)).toBe(false);
    // Without labels the output SQNR must be known to ±0.5 dB too (2.2414 · SE).
    expect(settled(result(128, 128, false, 0.22), 0.025)).toBe(true);
    expect(settled(result(128, 128, false, 0.23), 0.025)).toBe(false);
    expect(settled(result(128, 128, false, Infinity), 0.025)).toBe(false);
    expect(settled(result(128, 128, true, Infinity), 0.025)).toBe(true); // labelled: accuracy decides
  });

  it('EARLY_LOOK_Z is the two-sided 97.5 % normal quantile (two looks sharing 5 %)', () => {
    // Φ(z) by Simpson's rule on the normal density over [0, z].
    const steps = 2000;
    const h = EARLY_LOOK_Z / steps;
    const pdf = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    let sum = pdf(0) + pdf(EARLY_LOOK_Z);
    for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * pdf(i * h);
    expect(0.5 + (sum * h) / 3).toBeCloseTo(1 - 0.025 / 2, 4);
  });

  it('firstImages keeps labels aligned and has its own id', () => {
    const f = firstImages(data.evaluation, 10);
    expect(f.count).toBe(10);
    expect(f.images.length).toBe(10 * 784);
    expect([...f.labels!]).toEqual([...data.evaluation.labels!.subarray(0, 10)]);
    expect(f.id).not.toBe(data.evaluation.id);
  });
});
