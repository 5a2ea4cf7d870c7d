import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { GraphModel } from '@tensorflow/tfjs-converter';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, type FileMap } from '../../scripts/make-graph-fixture';
import { nlqConfig } from '../quant/methods/nlq';
import { uniformConfig } from '../quant/methods/uniform';
import type { StudioConfig } from '../quant/types';
import { planWeights } from './applyConfig';
import { evaluateConfig, type EvaluationData } from './evaluate';
import { exportQuantizedModel, zipModel } from './export';
import { affineUint8 } from './tfjs/export';
import { loadModelFromFiles } from './load';
import { demoData, demoModelFiles, plainBase, useWasm } from './testingHelpers';
import type { LoadedModel } from './types';

let dir: string;
let fx: Record<string, FileMap>;
let data: EvaluationData;

beforeAll(async () => {
  await useWasm();
  dir = mkdtempSync(join(tmpdir(), 'qs-export-'));
  fx = await buildFixtures();
  data = demoData(300);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stock tfjs IOHandler that reads model.json and its weight files from a folder. */
function folderHandler(folder: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const specs = json.weightsManifest.flatMap((g) => g.weights);
      const bins = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(folder, p))));
      const total = bins.reduce((a, b) => a + b.byteLength, 0);
      const weightData = new Uint8Array(total);
      let o = 0;
      for (const b of bins) {
        weightData.set(b, o);
        o += b.byteLength;
      }
      return tf.io.getModelArtifactsForJSON(json, async () => [specs, weightData.buffer]);
    },
  };
}

function predictAll(run: (x: tf.Tensor) => tf.Tensor): Float32Array {
  return tf.tidy(() => run(tf.tensor(data.images, [data.count, 28, 28, 1])).dataSync() as Float32Array);
}

function accuracyOf(out: Float32Array): number {
  let ok = 0;
  for (let i = 0; i < data.count; i++) {
    const row = out.subarray(i * 10, i * 10 + 10);
    if (row.indexOf(Math.max(...row)) === data.labels![i]) ok++;
  }
  return ok / data.count;
}

async function exportAndReload(loaded: LoadedModel, cfg: StudioConfig, name: string) {
  const ex = await exportQuantizedModel(loaded, cfg);
  const folder = join(dir, name);
  rmSync(folder, { recursive: true, force: true });
  (await import('node:fs')).mkdirSync(folder);
  for (const [f, bytes] of ex.files) writeFileSync(join(folder, f), bytes);
  const handler = folderHandler(folder);
  const stock = loaded.format === 'layers-model' ? await tfl.loadLayersModel(handler) : new GraphModel(handler);
  if (stock instanceof GraphModel) await stock.load();
  const run = (x: tf.Tensor) => (stock instanceof GraphModel ? stock.execute(x) : stock.predict(x)) as tf.Tensor;
  return { ex, out: predictAll(run), folder };
}

describe('export', () => {
  it('affineUint8 stores a max-abs fixed grid exactly', () => {
    const s = 0.9 / 127;
    const v = Float32Array.from([-127, -3, 0, 5, 127], (c) => Math.fround(c * s));
    const a = affineUint8(v, s)!;
    expect(Array.from(a.codes)).toEqual([0, 124, 127, 132, 254]);
    expect(affineUint8(Float32Array.from([0.1, 0.25]), s)).toBeNull();
  });

  it.each(['layers-float32', 'graph-unfused'])('%s: the exported model loads in stock tfjs, reproduces weight-only accuracy bit for bit, and is smaller', async (name) => {
    const loaded = await loadModelFromFiles(fx[name]);
    const cfg = uniformConfig({ base: plainBase(loaded) }, 8);
    const r = await evaluateConfig(loaded, data, cfg);
    const { ex, out } = await exportAndReload(loaded, cfg, name);
    // Same numbers as the evaluation's weight-only pass (the edited live model).
    const plan = { weights: planWeights(loaded, cfg).weights, activations: [] };
    const expected = await loaded.withPlan(plan, (runner) => runner.run(data.images, data.count, { activations: false }));
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(accuracyOf(out)).toBe(r.weightsOnly!.accuracy);
    expect(ex.tensors.filter((t) => t.layer).every((t) => t.dtype === 'uint8')).toBe(true);
    expect(ex.weightBytes).toBeLessThan(ex.floatWeightBytes / 3);
    loaded.dispose();
  });

  it('per-filter and log schemes fall back (float16/float32) and say why; zip holds the files', async () => {
    const loaded = await loadModelFromFiles(fx['layers-float32']);
    const base = plainBase(loaded);
    const pf = await exportQuantizedModel(loaded, uniformConfig({ base }, 6, { granularity: 'per-filter' }));
    for (const t of pf.tensors.filter((x) => x.layer)) {
      expect(['float16', 'float32']).toContain(t.dtype);
      expect(t.note).toMatch(/per-filter scales/);
    }
    // log2 levels are powers of two: float16 holds them; the √2 grid of NLQ does not.
    const log2 = await exportQuantizedModel(loaded, uniformConfig({ base }, 4, { weightScheme: 'log2' }));
    expect(log2.tensors.filter((x) => x.layer).every((t) => t.dtype === 'float16')).toBe(true);
    const nlq = await exportQuantizedModel(loaded, nlqConfig({ base }, 4, { unitScale: 1 }));
    for (const t of nlq.tensors.filter((x) => x.layer)) expect(t).toMatchObject({ dtype: 'float32', note: expect.stringMatching(/not an affine grid/) });
    const unzipped = unzipSync(zipModel(log2.files, 'm'));
    expect(Object.keys(unzipped).sort()).toEqual(['m/group1-shard1of1.bin', 'm/model.json']);
    loaded.dispose();
  });

  it('demo lenet, 8-bit: exported files are under a third of float32 and reproduce weight-only accuracy', async () => {
    const files = demoModelFiles('lenet');
    if (!files) return;
    const loaded = await loadModelFromFiles(files);
    const cfg = uniformConfig({ base: plainBase(loaded) }, 8);
    const r = await evaluateConfig(loaded, data, cfg, { passes: 'weights' });
    const { ex, out } = await exportAndReload(loaded, cfg, 'lenet');
    expect(accuracyOf(out)).toBe(r.weightsOnly!.accuracy);
    const bytes = [...ex.files.values()].reduce((a, b) => a + b.byteLength, 0);
    expect(bytes).toBeLessThan([...files.values()].reduce((a, b) => a + b.byteLength, 0) / 3);
    loaded.dispose();
  });
});
