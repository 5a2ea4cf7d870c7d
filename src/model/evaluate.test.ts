import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, type FileMap } from '../../scripts/make-graph-fixture';
import { floatConfig, type MethodInput } from '../quant/methods/common';
import { uniformConfig } from '../quant/methods/uniform';
import { mxqnConfig } from '../quant/methods/mxqn';
import { analyzeModel } from './analyze';
import { evaluateConfig, withEvaluation, type EvaluationData } from './evaluate';
import { loadModelFromFiles } from './load';
import { demoData, demoModelFiles, plainBase, useWasm } from './testingHelpers';
import type { TfjsModel } from './tfjs/types';

let fx: Record<string, FileMap>;
let data: EvaluationData;

beforeAll(async () => {
  await useWasm();
  fx = await buildFixtures();
  data = demoData(200);
});

/** Loaded model and method input; the full analysis (sweeps) only when a method needs it. */
async function prepared(files: FileMap, analyse = false): Promise<{ loaded: TfjsModel; input: MethodInput }> {
  const loaded = await loadModelFromFiles(files);
  const base = analyse
    ? await analyzeModel(loaded, { data: { images: data.images, count: data.count, shape: [28, 28, 1] }, calibration: 64 })
    : plainBase(loaded);
  return { loaded, input: { base, weights: loaded.layers.map((l) => l.weights) } };
}

function outputs(loaded: TfjsModel, d: EvaluationData): Float32Array {
  return tf.tidy(() => loaded.predict(tf.tensor(d.images, [d.count, 28, 28, 1])).dataSync() as Float32Array);
}

describe('evaluateConfig', () => {
  it.each(['layers-float32', 'graph-float32', 'graph-unfused'])('%s: the all-float config reproduces the float model exactly; weights are restored', async (name) => {
    const { loaded, input } = await prepared(fx[name]);
    const before = outputs(loaded, data);
    const f = await evaluateConfig(loaded, data, floatConfig(input));
    // The all-float config predicts, image by image, the float model's own top-1 class.
    const classes = before.length / data.count;
    const floatPreds = Int32Array.from({ length: data.count }, (_, i) => {
      const row = Array.from(before.subarray(i * classes, (i + 1) * classes));
      return row.indexOf(Math.max(...row));
    });
    expect(f.full).toEqual({ accuracy: f.floatAccuracy, agreement: 1, outputSqnrDb: 'Infinity', outputCosine: 1, outputSqnrSeDb: 0, preds: floatPreds });
    expect(f.weightsOnly).toEqual(f.full);
    const q = await evaluateConfig(loaded, data, uniformConfig(input, 3));
    expect(q.full!.agreement).toBeLessThan(1);
    // Cosine below 1, and bounded by the output SQNR: the angle between f and q has
    // sin² ≤ |f − q|² / |f|², i.e. 1 − cos² ≤ 10^(−SQNR/10).
    const cos = q.full!.outputCosine;
    expect(cos).toBeLessThan(1);
    expect(cos).toBeGreaterThan(0);
    expect(1 - cos * cos).toBeLessThanOrEqual(10 ** (-(q.full!.outputSqnrDb as number) / 10) + 1e-12);
    // The edits are undone: the model computes exactly what it did before.
    expect(Array.from(outputs(loaded, data))).toEqual(Array.from(before));
    loaded.dispose();
  });

  it('LayersModel and GraphModel (fused and unfused BN) give the same figures for the same config', async () => {
    const figures = [];
    for (const name of ['layers-float32', 'graph-float32', 'graph-unfused']) {
      const { loaded, input } = await prepared(fx[name]);
      const r = await evaluateConfig(loaded, data, uniformConfig(input, 4, { granularity: 'per-filter' }));
      figures.push(r);
      loaded.dispose();
    }
    for (const r of figures.slice(1)) {
      expect(Math.abs(r.full!.agreement - figures[0].full!.agreement)).toBeLessThanOrEqual(0.01);
      expect(Math.abs((r.full!.outputSqnrDb as number) - (figures[0].full!.outputSqnrDb as number))).toBeLessThan(0.2);
      expect(r.layers.map((l) => l.weightsDb)).toEqual(figures[0].layers.map((l) => l.weightsDb));
    }
  });

  it('writes the measured figures into the config; caches; honours abort', async () => {
    const { loaded, input } = await prepared(fx['layers-float32'], true);
    const cfg = mxqnConfig(input, 20);
    const r = await evaluateConfig(loaded, data, cfg);
    expect(await evaluateConfig(loaded, data, cfg)).toBe(r);
    const out = withEvaluation(cfg, r);
    expect(out.summary.accuracy).toBe(r.full!.accuracy);
    expect(out.summary.weightOnlyAccuracy).toBe(r.weightsOnly!.accuracy);
    expect(out.summary.agreement).toBe(r.full!.agreement);
    for (const l of out.layers) {
      expect(l.weights.scales!.length).toBe(1);
      expect(typeof l.sqnr!.weightsDb).toBe('number');
      if (l.activations.scheme !== 'float') expect(l.activations.scale).toBeGreaterThan(0);
    }
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(evaluateConfig(loaded, data, uniformConfig(input, 5), { signal: ctrl.signal })).rejects.toThrow(/cancelled/);
    loaded.dispose();
  });

  it('demo lenet: 8-bit uniform agrees with the float model on > 99% of 1000 test digits', async () => {
    const files = demoModelFiles('lenet');
    if (!files) return;
    const loaded = await loadModelFromFiles(files);
    const test = demoData(1000);
    const r = await evaluateConfig(loaded, test, uniformConfig({ base: plainBase(loaded) }, 8));
    expect(r.full!.agreement).toBeGreaterThan(0.99);
    expect(r.weightsOnly!.agreement).toBeGreaterThan(0.99);
    expect(r.floatAccuracy).toBeGreaterThan(0.9);
    loaded.dispose();
  });
});
