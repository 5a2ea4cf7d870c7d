/**
 * ONNX path vs tfjs path on the same network (the demo LeNet and its ONNX twin,
 * public/models/lenet-onnx), in Node, both on WebAssembly, single-threaded:
 *   load     file bytes → a model ready to run (tfjs: parse + build + extract layers;
 *            ONNX: decode + layers + studio graph + onnxruntime session + probe run);
 *   sweep    the weight sweep of every layer (src/quant sweepWeights; same work on both,
 *            the kernels differ only in element order);
 *   float    one pass over 2000 test digits in batches of 256;
 *   weights  the same with 8-bit per-tensor fixed kernels substituted;
 *   full     8-bit kernels and 8-bit activations (tfjs: hooks at the activation points;
 *            ONNX: staged runs, the points quantized in TypeScript).
 * Median of 3 after one warm-up; ratios ONNX / tfjs in the same run.
 *   npx tsx scripts/bench/onnxVsTfjs.ts      (also a section of npm run bench)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { fakeQuantize, getQuantizer } from '../../src/quant/registry';
import { sweepWeights } from '../../src/quant/sweep';
import { quantizedRunner } from '../../src/model/tfjs/activationHooks';
import { loadModelFromFiles } from '../../src/model/load';
import { toInputLayout } from '../../src/model/runtime/input';
import { openOnnxModel } from '../../src/model/onnx/model';
import { configureOnnxRuntime } from '../../src/model/onnx/runtime';
import { demoData, demoModelFiles, useWasm } from '../../src/model/testingHelpers';
import { printTable, seconds, type Table } from './report';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

async function median(runs: number, f: () => Promise<unknown>): Promise<number> {
  await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function batched(count: number, batch: number, run: (start: number, n: number) => Promise<void>): Promise<void> {
  for (let s = 0; s < count; s += batch) await run(s, Math.min(batch, count - s));
}

export async function onnxVsTfjsTable(runs = 3): Promise<Table> {
  const backend = await useWasm();
  configureOnnxRuntime({ numThreads: 1 });
  const files = demoModelFiles('lenet');
  if (!files) throw new Error('public/models/lenet is missing');
  const onnxBytes = new Uint8Array(readFileSync(join(ROOT, 'public/models/lenet-onnx/model.onnx')));
  const data = demoData(2000);
  const B = 256;

  const loadT = await median(runs, async () => (await loadModelFromFiles(files)).dispose());
  const loadO = await median(runs, async () => (await openOnnxModel(onnxBytes)).dispose());
  const tfjs = await loadModelFromFiles(files);
  const onnx = await openOnnxModel(onnxBytes);
  const sweepT = await median(runs, async () => { for (const l of tfjs.layers) sweepWeights(l.weights, l.filters); });
  const sweepO = await median(runs, async () => { for (const l of onnx.layers) sweepWeights(l.weights, l.filters); });

  const per = 28 * 28;
  const x = toInputLayout(data.images, data.count, [28, 28, 1], onnx.input);
  const tfPass = (predict: (t: tf.Tensor) => tf.Tensor) => batched(data.count, B, async (s, n) => {
    const t = tf.tensor(data.images.subarray(s * per, (s + n) * per), [n, 28, 28, 1]);
    const y = predict(t);
    await y.data();
    t.dispose();
    y.dispose();
  });
  const floatT = await median(runs, () => tfPass((t) => tfjs.predict(t)));
  const floatO = await median(runs, () => onnx.withPlan({ weights: [], activations: [] }, async (r) => {
    await batched(data.count, B, async (s, n) => { await r.run(x.subarray(s * per, (s + n) * per), n); });
  }));

  const wPlan = onnx.layers.map((l) => {
    const q = fakeQuantize(l.weights, 'fixed', 8);
    return { layer: l.name, values: q.values, scheme: 'fixed' as const, granularity: 'per-tensor' as const, bits: 8, params: q.params };
  });
  const model = tfjs.model as LayersModel;
  const setT = () => tfjs.layers.forEach((l) => model.getLayer(l.name).setWeights([tf.tensor(fakeQuantize(l.weights, 'fixed', 8).values, l.weightShape), tf.tensor(l.bias)]));
  const weightsT = await median(runs, async () => {
    setT();
    await tfPass((t) => tfjs.predict(t));
  });
  const weightsO = await median(runs, () => onnx.withPlan({ weights: wPlan, activations: [] }, async (r) => {
    await batched(data.count, B, async (s, n) => { await r.run(x.subarray(s * per, (s + n) * per), n); });
  }));

  const captured = await onnx.capture(x.subarray(0, 64 * per), 64, onnx.layers.map((l) => l.activationPoint));
  const acts = onnx.layers.map((l, i) => ({
    layer: l.name, point: l.activationPoint,
    params: { scheme: 'fixed' as const, bits: 8, signed: false, scale: getQuantizer('fixed').calibrate(captured[i].values, 8, { signed: false }).scale },
  }));
  const fullT = await median(runs, async () => {
    setT();
    const runner = quantizedRunner(tfjs.handle, tfjs.layers.map((l, i) => ({ layer: l.name, point: l.activationPoint, params: acts[i].params, sqnrDb: null })));
    await tfPass((t) => runner.predict(t));
    runner.dispose();
  });
  const fullO = await median(runs, () => onnx.withPlan({ weights: wPlan, activations: acts }, async (r) => {
    await batched(data.count, B, async (s, n) => { await r.run(x.subarray(s * per, (s + n) * per), n); });
  }));
  tfjs.dispose();
  onnx.dispose();
  const row = (what: string, t: number, o: number) => [what, seconds(t), seconds(o), `${(o / t).toFixed(2)}×`];
  return {
    title: 'ONNX vs tfjs on the same network (demo LeNet, Node, WebAssembly, 1 thread)',
    note: `tfjs backend ${backend}, onnxruntime-web wasm; median of ${runs} after a warm-up; passes over 2000 test digits in batches of ${B}; ratio = ONNX / tfjs (scripts/bench/onnxVsTfjs.ts).`,
    columns: ['step', 'tfjs', 'ONNX', 'ratio'],
    rows: [
      row('load (bytes → ready model)', loadT, loadO),
      row('weight sweep, all layers', sweepT, sweepO),
      row('float pass', floatT, floatO),
      row('pass, 8-bit kernels', weightsT, weightsO),
      row('pass, 8-bit kernels + activations', fullT, fullO),
    ],
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  printTable(await onnxVsTfjsTable(Number(process.env.RUNS ?? 3)));
}
