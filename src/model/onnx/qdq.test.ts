/**
 * QDQ export against the studio's own evaluation of the same plan, in stock onnxruntime-web
 * (Node, wasm): the exported model loads, holds integer kernels feeding DequantizeLinear and
 * Q/DQ pairs at the quantized activation points, and classifies the demo test digits like
 * the studio's fake-quantized run (acceptance: 8-bit accuracy within 0.5 points).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfjsToOnnx, type FromTfjsOptions } from '../../../scripts/onnx/fromTfjs';
import { selectSplit } from '../../data/mnistBinary';
import { argmaxRows } from '../../quant/argmax';
import { fakeQuantize, getQuantizer } from '../../quant/registry';
import { allNonNegative } from '../../quant/parts/scale';
import type { ActivationScheme, Granularity, WeightScheme } from '../../quant/types';
import type { ActivationSubstitution, QuantPlan, WeightSubstitution } from '../runtime/types';
import { demoData, demoDigits, ROOT } from '../testingHelpers';
import { loadOnnxModel, type LoadedOnnxModel } from './load';
import { decodeModel, DataType } from './proto';
import { exportQdq } from './qdq';
import { configureOnnxRuntime } from './runtime';

function demoOnnx(name: 'lenet' | 'resnet-ds', opts: FromTfjsOptions): Uint8Array | null {
  const bundled = join(ROOT, 'public/models/lenet-onnx/model.onnx');
  if (name === 'lenet' && opts.layout === 'NCHW' && !opts.opset && existsSync(bundled)) return new Uint8Array(readFileSync(bundled));
  const dir = join(ROOT, 'public/models', name);
  if (!existsSync(join(dir, 'model.json'))) return null;
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  return tfjsToOnnx(json, new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))), opts).model;
}

interface Choice { scheme: WeightScheme; bits: number | number[]; granularity: Granularity }

/** The plan the studio evaluates for these choices (weights) and 8-bit fixed activations calibrated on 64 train digits. */
async function planFor(m: LoadedOnnxModel, choose: (i: number) => Choice | null, act: ActivationScheme | null): Promise<QuantPlan> {
  const weights: WeightSubstitution[] = [];
  m.layers.forEach((l, i) => {
    const c = choose(i);
    if (!c) return;
    const q = fakeQuantize(l.weights, c.scheme, c.bits, { granularity: c.granularity, filters: l.filters });
    weights.push({ layer: l.name, values: q.values, params: q.params, ...c });
  });
  const activations: ActivationSubstitution[] = [];
  if (act) {
    const cal = demoData(64, 'train');
    const r = await m.runner.run(cal.images, cal.count, { capture: m.layers.map((l) => l.activationPoint) });
    for (const l of m.layers) {
      const v = r.points.get(l.activationPoint)!.data;
      const signed = !allNonNegative(v);
      const p = getQuantizer(act).calibrate(v, 8, { signed });
      activations.push({ layer: l.name, point: l.activationPoint, params: { scheme: act, bits: 8, signed, scale: p.scale } });
    }
  }
  return { weights, activations };
}

/** The studio's run of the plan (what the config's figures are measured on). */
async function studioLogits(m: LoadedOnnxModel, plan: QuantPlan, images: Float32Array, n: number): Promise<Float32Array> {
  const quantize = new Map(plan.activations.map((a) => {
    const q = getQuantizer(a.params.scheme);
    const p = { ...a.params };
    return [a.point, (v: Float32Array) => q.apply(v, p)] as const;
  }));
  const r = await m.runner.run(images, n, { weights: new Map(plan.weights.map((w) => [w.layer, w.values])), quantize });
  return r.output.data;
}

/** The exported model in a fresh onnxruntime session (NHWC digits → the model's layout). */
async function ortLogits(bytes: Uint8Array, m: LoadedOnnxModel, images: Float32Array, n: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    let data = images;
    const dims = [n, ...m.input.dims.slice(1)];
    if (m.input.layout === 'NCHW') {
      data = new Float32Array(images.length);
      const [, c, h, w] = dims;
      for (let b = 0; b < n; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
        data[b * c * h * w + ch * h * w + y * w + x] = images[b * c * h * w + (y * w + x) * c + ch];
      }
    }
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, dims) });
    return out[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

function argmaxes(logits: Float32Array, n: number): number[] {
  return Array.from(argmaxRows(logits, n, logits.length / n));
}

const accuracy = (pred: number[], labels: Uint8Array) => pred.filter((p, i) => p === labels[i]).length / pred.length;

function opCounts(bytes: Uint8Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of decodeModel(bytes).graph!.node) counts[n.op_type!] = (counts[n.op_type!] ?? 0) + 1;
  return counts;
}

beforeAll(() => configureOnnxRuntime({ numThreads: 1 }));

describe('QDQ ONNX export', () => {
  it('LeNet at 8 bits (weights and activations): int8 kernels + Q/DQ pairs; onnxruntime accuracy on the test split within 0.5 points of the studio\'s', async () => {
    const bytes = demoOnnx('lenet', { layout: 'NCHW' });
    if (!bytes) return;
    const m = await loadOnnxModel(bytes, { fileName: 'lenet.onnx' });
    try {
      const plan = await planFor(m, () => ({ scheme: 'fixed', bits: 8, granularity: 'per-tensor' }), 'fixed');
      const ex = exportQdq(m, plan);
      expect(ex.notes).toEqual([]);
      const ops = opCounts(ex.bytes);
      expect(ops.DequantizeLinear).toBe(2 * m.layers.length);
      expect(ops.QuantizeLinear).toBe(m.layers.length);
      const model = decodeModel(ex.bytes);
      for (const t of ex.tensors) {
        expect(t.dtype).toBe('int8');
        expect(model.graph!.initializer.find((i) => i.name === t.name)!.data_type).toBe(DataType.INT8);
      }
      expect(ex.weightBytes).toBeLessThan(ex.floatWeightBytes / 3.9);
      const test = selectSplit(demoDigits(), 'test');
      const studio = argmaxes(await studioLogits(m, plan, test.images, test.count), test.count);
      const qdq = argmaxes(await ortLogits(ex.bytes, m, test.images, test.count), test.count);
      const [a, b] = [accuracy(studio, test.labels), accuracy(qdq, test.labels)];
      console.log(`LeNet 8-bit on ${test.count} test digits: studio ${(100 * a).toFixed(2)}%, QDQ in onnxruntime ${(100 * b).toFixed(2)}%`);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(0.005);
      expect(qdq.filter((p, i) => p === studio[i]).length / test.count).toBeGreaterThan(0.99);
    } finally {
      await m.dispose();
    }
  }, 120_000);

  it('per-channel kernels along the stored output axis (NHWC, Constant-node weights, folded BN), log2 and mixed widths fake-quantized in float, named', async () => {
    const bytes = demoOnnx('resnet-ds', { layout: 'NHWC', constantNodes: true });
    if (!bytes) return;
    const m = await loadOnnxModel(bytes, { fileName: 'resnet-ds.onnx' });
    try {
      const n = m.layers.length;
      const plan = await planFor(m, (i) => (i === 1 ? { scheme: 'log2', bits: 4, granularity: 'per-tensor' }
        : i === 2 ? { scheme: 'fixed', bits: Array.from({ length: m.layers[2].filters }, (_, f) => (f % 2 ? 4 : 6)), granularity: 'per-filter' }
          : { scheme: 'fixed', bits: 8, granularity: 'per-filter' }), null);
      const ex = exportQdq(m, plan);
      expect(ex.notes.map((x) => x.layer)).toEqual([m.layers[1].name, m.layers[2].name]);
      expect(ex.notes[0].reason).toMatch(/log2 levels are not evenly spaced/);
      expect(ex.notes[1].reason).toMatch(/per-filter bit-widths differ/);
      const model = decodeModel(ex.bytes);
      expect(JSON.parse(model.metadata_props.find((p) => p.key === 'quantization_studio.float_layers')!.value!)).toEqual(ex.notes);
      expect(opCounts(bytes).BatchNormalization).toBeGreaterThan(0);
      expect(opCounts(ex.bytes).BatchNormalization ?? 0).toBe(0);
      const axes = model.graph!.node.filter((x) => x.op_type === 'DequantizeLinear').map((x) => x.attribute.find((a) => a.name === 'axis')?.i);
      expect(axes).toHaveLength(n - 2);
      // Conv kernels are OIHW (output channels on axis 0), MatMul B is [K, N] (axis 1).
      expect(new Set(axes)).toEqual(new Set([0, 1]));

      const data = demoData(200);
      const studio = await studioLogits(m, plan, data.images, data.count);
      const qdq = await ortLogits(ex.bytes, m, data.images, data.count);
      let worst = 0;
      for (let i = 0; i < studio.length; i++) worst = Math.max(worst, Math.abs(studio[i] - qdq[i]));
      expect(worst).toBeLessThan(1e-3);
    } finally {
      await m.dispose();
    }
  }, 120_000);

  it('opset 21 stores 4-bit kernels as int4; opset 13 stores them in int8 (same values)', async () => {
    for (const opset of [21, 13]) {
      const bytes = demoOnnx('lenet', { layout: 'NCHW', opset });
      if (!bytes) return;
      const m = await loadOnnxModel(bytes, { fileName: 'lenet.onnx' });
      try {
        const plan = await planFor(m, () => ({ scheme: 'fixed', bits: 4, granularity: 'per-tensor' }), null);
        const ex = exportQdq(m, plan);
        expect(ex.tensors.map((t) => t.dtype)).toEqual(m.layers.map(() => (opset === 21 ? 'int4' : 'int8')));
        const data = demoData(100);
        const studio = await studioLogits(m, plan, data.images, data.count);
        const qdq = await ortLogits(ex.bytes, m, data.images, data.count);
        for (let i = 0; i < studio.length; i++) expect(Math.abs(studio[i] - qdq[i])).toBeLessThan(1e-3);
      } finally {
        await m.dispose();
      }
    }
  }, 120_000);

  it('refuses a plan with nonsense instead of writing a broken model', async () => {
    const bytes = demoOnnx('lenet', { layout: 'NCHW' });
    if (!bytes) return;
    const m = await loadOnnxModel(bytes, { fileName: 'lenet.onnx' });
    try {
      const plan = await planFor(m, () => ({ scheme: 'fixed', bits: 8, granularity: 'per-tensor' }), null);
      const broken = plan.weights.map((w, i) => (i === 1 ? { ...w, values: w.values.map((v, j) => (j === 3 ? Number.NaN : v)) } : w));
      expect(() => exportQdq(m, { weights: broken, activations: [] })).toThrow(/quantized weight 3 is NaN; refusing/);
      const act = [{ layer: m.layers[0].name, point: m.layers[0].activationPoint, params: { scheme: 'fixed' as const, bits: 8, signed: false, scale: -1 } }];
      expect(() => exportQdq(m, { weights: plan.weights, activations: act })).toThrow(/scale -1 at 8 bits is not a quantizer/);
    } finally {
      await m.dispose();
    }
  });
});
