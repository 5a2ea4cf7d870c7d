import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, type FileMap } from '../../../scripts/make-graph-fixture';
import { averageWeightBits, layerMeanBits } from '../../quant/methods/common';
import { configToJson } from '../../quant/config/json';
import type { StudioConfig } from '../../quant/types';
import { analyzeModel } from '../analyze';
import { validateConfig } from '../../quant/config/restore';
import { classTaylorImportance, MethodUnavailableError } from '../gradients';
import { loadModelFromFiles } from '../load';
import { demoData, useWasm } from '../testingHelpers';
import type { LoadedModel } from '../types';
import { METHOD_NAMES, type MethodData, type MethodName } from './index';
import { runMethod } from './run';

let fx: Record<string, FileMap>;
let data: MethodData;
let loaded: LoadedModel;
let base: StudioConfig;

beforeAll(async () => {
  await useWasm();
  fx = await buildFixtures();
  const test = demoData(120, 'test');
  const train = demoData(300, 'train');
  data = { evaluation: test, train, validation: demoData(100, 'train'), calibration: { id: 'cal', images: train.images.subarray(0, 32 * 784), count: 32 } };
  loaded = await loadModelFromFiles(fx['layers-float32']);
  base = await analyzeModel(loaded, { data: { images: train.images, count: 32, shape: [28, 28, 1] } });
});

const FAST: Partial<Record<MethodName, Record<string, unknown>>> = {
  cq: { perClass: 4 },
  ebs: { steps: 6, batchSize: 16 },
};

describe('every method yields a complete, schema-valid, evaluated config', () => {
  it.each(METHOD_NAMES)('%s', async (method) => {
    const run = await runMethod(loaded, base, method, data, { settings: FAST[method] });
    const cfg = run.config;
    expect(cfg.method.name).toBe(method);
    expect(cfg.layers.map((l) => l.name)).toEqual(loaded.layers.map((l) => l.name));
    const check = validateConfig(JSON.parse(configToJson(cfg)));
    expect(check.ok ? [] : check.errors).toEqual([]);
    const s = cfg.summary;
    expect(s.averageWeightBits).toBeCloseTo(averageWeightBits(cfg.layers), 12);
    const manual = cfg.layers.reduce((a, l) => a + l.params * layerMeanBits(l.weights), 0) / cfg.layers.reduce((a, l) => a + l.params, 0);
    expect(s.averageWeightBits).toBeCloseTo(manual, 12);
    for (const k of ['accuracy', 'weightOnlyAccuracy', 'agreement'] as const) expect(s[k]).toBeGreaterThanOrEqual(0);
    expect(s.outputSqnrDb).not.toBeNull();
    expect(s.sizeBytes).toBeGreaterThan(0);
    expect(s.bitops).toBeGreaterThan(0);
    // The model output (fc1 → softmax) keeps float activations.
    expect(cfg.layers[cfg.layers.length - 1].activations.scheme).toBe('float');
  });
});

describe('gradient methods', () => {
  it.each(['cq', 'ebs'] as const)('%s on a GraphModel → MethodUnavailableError', async (method) => {
    const graph = await loadModelFromFiles(fx['graph-float32']);
    const gbase = await analyzeModel(graph, {});
    const err = await runMethod(graph, gbase, method, data).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MethodUnavailableError);
    expect((err as Error).message).toBe(`${method.toUpperCase()} needs gradients; this GraphModel cannot be differentiated in tfjs — convert to a LayersModel`);
    graph.dispose();
  });

  it('CQ Taylor importance: same on the WASM backend (gradient shims) as on the CPU backend', async () => {
    const train = data.train!;
    const wasm = await classTaylorImportance(loaded, train, { perClass: 3 });
    const { log, warn } = console;
    console.log = console.warn = () => {};
    await tf.setBackend('cpu').finally(() => Object.assign(console, { log, warn }));
    const cpu = await classTaylorImportance(loaded, train, { perClass: 3 });
    await useWasm();
    expect(wasm.length).toBe(10);
    wasm.forEach((perLayer, c) => perLayer.forEach((fs, l) => {
      expect(fs).toHaveLength(loaded.layers[l].filters);
      fs.forEach((t, f) => {
        expect(t).toBeGreaterThanOrEqual(0);
        expect(Math.abs(t - cpu[c][l][f])).toBeLessThanOrEqual(1e-4 * Math.max(1e-6, Math.abs(cpu[c][l][f])) + 1e-9);
      });
    }));
  });

  it('EBS: a larger λ buys fewer bits', async () => {
    const settings = { steps: 25, batchSize: 16, learningRate: 0.3 };
    const low = await runMethod(loaded, base, 'ebs', data, { budget: 0, settings });
    const high = await runMethod(loaded, base, 'ebs', data, { budget: 20, settings });
    expect(high.config.summary.bitops).toBeLessThan(low.config.summary.bitops);
    expect(high.config.summary.averageWeightBits).toBeLessThan(low.config.summary.averageWeightBits);
  });
});
