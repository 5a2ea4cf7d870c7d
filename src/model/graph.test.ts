/**
 * The same network as a LayersModel (conv + BN + ReLU, depthwise, dense) and as converter
 * GraphModels (fused ops with BN pre-folded; unfused ops with FusedBatchNormV3 to fold):
 * the studio must see the same layers, the same weights, the same sweep and the same
 * activations either way.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphModelFiles, layersModelFiles } from '../../scripts/make-graph-fixture';
import type { LayerSweep, SqnrJson } from '../quant/types';
import { captureActivations } from './activations';
import { analyzeModel } from './analyze';
import { loadModelFromFiles } from './load';
import type { LoadedModel } from './types';

let layers: LoadedModel;
let fused: LoadedModel;
let unfused: LoadedModel;
const count = 12;
const images = Float32Array.from({ length: count * 784 }, (_, i) => (Math.sin(i * 0.37) + 1) / 2);

beforeAll(async () => {
  await tf.setBackend('cpu');
  layers = await loadModelFromFiles(await layersModelFiles('float32'));
  fused = await loadModelFromFiles(graphModelFiles('float32'));
  unfused = await loadModelFromFiles(graphModelFiles('float32', { unfused: true }));
});

function expectSweepClose(a: LayerSweep['weights'] | undefined, b: LayerSweep['weights'] | undefined, tolDb: number): void {
  expect(Object.keys(b ?? {})).toEqual(Object.keys(a ?? {}));
  for (const [scheme, row] of Object.entries(a ?? {})) {
    for (const [bits, v] of Object.entries(row as Record<string, SqnrJson>)) {
      const w = (b as Record<string, Record<string, SqnrJson>>)[scheme][bits];
      if (typeof v === 'number' && typeof w === 'number') expect(Math.abs(v - w), `${scheme} ${bits}`).toBeLessThanOrEqual(tolDb);
      else expect(w).toEqual(v);
    }
  }
}

describe('LayersModel vs GraphModel of the same network', () => {
  it.each([['fused', () => fused], ['unfused', () => unfused]])('%s graph: same layers and bit-identical folded weights', (_n, graph) => {
    const g = graph();
    expect(g.layers.map((l) => [l.name, l.kind, l.weightShape, l.filters, l.macs, l.activation, l.producers]))
      .toEqual(layers.layers.map((l) => [l.name, l.kind, l.weightShape, l.filters, l.macs, l.activation, l.producers]));
    g.layers.forEach((l, i) => {
      expect(l.weights).toEqual(layers.layers[i].weights);
      const bias = layers.layers[i].bias;
      l.bias.forEach((v, j) => expect(Math.abs(v - bias[j])).toBeLessThan(1e-6));
    });
  });

  it('captures the same activations (within float rounding)', async () => {
    const ref = await captureActivations(layers, images, count, { batchSize: 5 });
    for (const g of [fused, unfused]) {
      const got = await captureActivations(g, images, count, { batchSize: 7 });
      for (const l of layers.layers) {
        const a = ref.get(l.name)!;
        const b = got.get(l.name)!;
        expect(b.shape).toEqual(a.shape);
        expect(b.values.length).toBe(count * a.shape.reduce((x, y) => x * y, 1));
        let maxDiff = 0;
        a.values.forEach((v, i) => { maxDiff = Math.max(maxDiff, Math.abs(v - b.values[i])); });
        expect(maxDiff, l.name).toBeLessThan(1e-5);
      }
    }
  });

  // Activations differ by float rounding (< 1e-5) between the two formats; the searched
  // schemes (fixed-clip, log2-sqrt2) pick their scale by a discrete search, so such a
  // difference can move the chosen scale by one golden-section step: 0.009 dB measured.
  it('gives the same sweep: weights identical, activations within 0.02 dB', async () => {
    const data = { images, count, shape: [28, 28, 1] };
    const a = await analyzeModel(layers, { data, calibration: count });
    for (const g of [fused, unfused]) {
      const b = await analyzeModel(g, { data, calibration: count });
      expect(b.summary).toEqual(a.summary);
      b.layers.forEach((l, i) => {
        expect(l.sweep!.weights).toEqual(a.layers[i].sweep!.weights);
        expect(l.sweep!.weightsPerFilter).toEqual(a.layers[i].sweep!.weightsPerFilter);
        expectSweepClose(a.layers[i].sweep!.activations, l.sweep!.activations, 0.02);
      });
    }
  });

  it('reports progress and stops on abort', async () => {
    const seen: number[] = [];
    await captureActivations(layers, images, count, { batchSize: 4, onProgress: (d) => seen.push(d) });
    expect(seen).toEqual([4, 8, 12]);
    const ctl = new AbortController();
    const run = captureActivations(fused, images, count, {
      batchSize: 4, signal: ctl.signal, onProgress: (d) => { if (d === 4) ctl.abort(); },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps only the first images of a layer when its activations exceed the cap', async () => {
    const got = await captureActivations(layers, images, count, { maxValuesPerLayer: 26 * 26 * 4 * 5 });
    expect(got.get('conv1')!.examples).toBe(5);
    expect(got.get('fc1')!.examples).toBe(count);
  });

  it('shares a total cap equally between the activation points (each keeps at least one image)', async () => {
    // 3 points, 3 × 6000 values: 6000 each → conv1 (2704/image) keeps 2, dw1 (4608) 1, fc1 (10) all 12.
    const got = await captureActivations(layers, images, count, { maxValuesTotal: 18_000, minValuesPerPoint: 1 });
    expect([...got.values()].map((a) => a.examples)).toEqual([2, 1, count]);
    const floor = await captureActivations(layers, images, count, { maxValuesTotal: 3, minValuesPerPoint: 26 * 26 * 4 * 3 });
    expect([...got.keys()]).toEqual([...floor.keys()]);
    expect(floor.get('conv1')!.examples).toBe(3);
    // The default (2^25 in all) keeps every image of a small model.
    const all = await captureActivations(layers, images, count);
    expect([...all.values()].every((a) => a.examples === count)).toBe(true);
    expect([...all.get('conv1')!.values.subarray(0, 2704 * 2)]).toEqual([...got.get('conv1')!.values]);
  });

  it('an op tfjs cannot run is skipped: weights are still analysed, activations are not', async () => {
    const files = graphModelFiles('float32');
    const json = JSON.parse(new TextDecoder().decode(files.get('model.json')));
    json.modelTopology.node.find((n: { name: string }) => n.name === 'pool1').op = 'FancyPool';
    files.set('model.json', new TextEncoder().encode(JSON.stringify(json)));
    const m = await loadModelFromFiles(files);
    expect(m.skipped).toEqual([{ name: 'pool1', op: 'FancyPool', reason: 'op not supported by TensorFlow.js: the model cannot run' }]);
    const c = await analyzeModel(m, { data: { images, count, shape: [28, 28, 1] } });
    expect(c.data?.note).toMatch(/^weights only: the model could not run on the data/);
    expect(c.layers.map((l) => l.activations.scheme)).toEqual(['float', 'float', 'float']);
    expect(c.layers[0].sweep!.weights.fixed!['8']).toEqual(expect.any(Number));
    m.dispose();
  });

  it('weights-only analysis without data, and a note when the data does not fit', async () => {
    const none = await analyzeModel(fused);
    expect(none.data).toEqual({ source: 'none', calibration: 0, note: 'weights only: no calibration data given' });
    expect(none.layers.every((l) => l.activations.scheme === 'float' && !l.sweep!.activations)).toBe(true);
    const wrong = await analyzeModel(fused, { data: { images: new Float32Array(2 * 32 * 32 * 3), count: 2, shape: [32, 32, 3], source: 'x' } });
    expect(wrong.data).toMatchObject({ source: 'synthetic', calibration: 64 });
    expect(wrong.data?.note).toMatch(/^no data matches input \[28,28,1\]; activations and fidelity measured on 64 synthetic inputs/);
    const off = await analyzeModel(fused, { data: { images: new Float32Array(2 * 32 * 32 * 3), count: 2, shape: [32, 32, 3], source: 'x' }, synthetic: false });
    expect(off.data?.note).toMatch(/weights only: data has 3072 values per example, the model input \[batch,28,28,1\] needs 784/);
  });
});
