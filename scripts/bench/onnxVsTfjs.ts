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
 * Both runtimes run through the model seam's withPlan with the same kind of plan.
 * Median of 3 after one warm-up; ratios ONNX / tfjs in the same run.
 *   npx tsx scripts/bench/onnxVsTfjs.ts      (also a section of npm run bench)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeQuantize, getQuantizer } from '../../src/quant/registry';
import { sweepWeights } from '../../src/quant/sweep';
import type { LoadedModel, QuantPlan, WeightSubstitution } from '../../src/model/runtime/types';
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
  const pass = (m: LoadedModel, input: Float32Array, plan: QuantPlan) => m.withPlan(plan, async (r) => {
    await batched(data.count, B, async (s, n) => { await r.run(input.subarray(s * per, (s + n) * per), n); });
  });
  const none: QuantPlan = { weights: [], activations: [] };
  const floatT = await median(runs, () => pass(tfjs, data.images, none));
  const floatO = await median(runs, () => pass(onnx, x, none));

  const weightPlan = (m: LoadedModel): WeightSubstitution[] => m.layers.map((l) => {
    const q = fakeQuantize(l.weights, 'fixed', 8);
    return { layer: l.name, values: q.values, scheme: 'fixed', granularity: 'per-tensor', bits: 8, params: q.params };
  });
  const weightsT = await median(runs, () => pass(tfjs, data.images, { weights: weightPlan(tfjs), activations: [] }));
  const weightsO = await median(runs, () => pass(onnx, x, { weights: weightPlan(onnx), activations: [] }));

  const captured = await onnx.capture(x.subarray(0, 64 * per), 64, onnx.layers.map((l) => l.activationPoint));
  const params = onnx.layers.map((_, i) => ({ scheme: 'fixed' as const, bits: 8, signed: false, scale: getQuantizer('fixed').calibrate(captured[i].values, 8, { signed: false }).scale }));
  const acts = (m: LoadedModel) => m.layers.map((l, i) => ({ layer: l.name, point: l.activationPoint, params: params[i] }));
  const fullT = await median(runs, () => pass(tfjs, data.images, { weights: weightPlan(tfjs), activations: acts(tfjs) }));
  const fullO = await median(runs, () => pass(onnx, x, { weights: weightPlan(onnx), activations: acts(onnx) }));
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
