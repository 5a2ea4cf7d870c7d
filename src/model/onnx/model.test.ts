import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfjsToOnnx } from '../../../scripts/onnx/fromTfjs';
import { argmaxRows } from '../../quant/argmax';
import { fakeQuantize, getQuantizer } from '../../quant/registry';
import { loadModelFromFiles } from '../load';
import { requireGradients } from '../runtime/capabilities';
import type { ActivationSubstitution, QuantLayer, WeightSubstitution } from '../runtime/types';
import { demoData, demoModelFiles, ROOT, useWasm } from '../testingHelpers';
import { openOnnxModel } from './model';
import { decodeModel } from './proto';
import { configureOnnxRuntime } from './runtime';

function lenetOnnx(): Uint8Array {
  const dir = join(ROOT, 'public/models/lenet');
  return tfjsToOnnx(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))), { layout: 'NCHW' }).model;
}

function argmaxAgreement(a: Float32Array, b: Float32Array, classes: number): number {
  let same = 0;
  const n = a.length / classes;
  const [pa, pb] = [argmaxRows(a, n, classes), argmaxRows(b, n, classes)];
  for (let r = 0; r < n; r++) if (pa[r] === pb[r]) same++;
  return same / n;
}

describe('OnnxModel behind the model seam', () => {
  beforeAll(async () => {
    await useWasm();
    configureOnnxRuntime({ numThreads: 1 });
  });

  it('lenet: 4-bit per-filter kernels and 8-bit activations give the tfjs path\'s outputs; gradients say why not', async () => {
    const files = demoModelFiles('lenet');
    if (!files) return;
    const tfjs = await loadModelFromFiles(files);
    const onnx = await openOnnxModel(lenetOnnx(), { fileName: 'lenet.onnx' });
    try {
      expect(onnx.format).toBe('onnx');
      expect(onnx.input).toEqual({ name: 'input', shape: [null, 28, 28, 1], layout: 'NHWC' });
      expect(onnx.onnx.input.layout).toBe('NCHW');
      expect(() => requireGradients(onnx, 'CQ')).toThrow(/CQ needs gradients; .*onnxruntime-web/);
      const data = demoData(128);
      const x = data.images;

      // Weights: the same per-filter 4-bit fake-quant on each runtime's own kernels, applied
      // through the seam's withPlan on both runtimes.
      const weightPlan = (layers: readonly QuantLayer[]): WeightSubstitution[] => layers.map((l) => {
        const q = fakeQuantize(l.weights, 'fixed', 4, { granularity: 'per-filter', filters: l.filters });
        return { layer: l.name, values: q.values, scheme: 'fixed', granularity: 'per-filter', bits: 4, params: q.params };
      });
      const plan = weightPlan(onnx.layers);
      const tplan = weightPlan(tfjs.layers);
      const refW = await tfjs.withPlan({ weights: tplan, activations: [] }, (r) => r.run(data.images, data.count));
      const gotW = await onnx.withPlan({ weights: plan, activations: [] }, (r) => r.run(x, data.count));
      let maxDiff = 0;
      for (let i = 0; i < refW.length; i++) maxDiff = Math.max(maxDiff, Math.abs(refW[i] - gotW[i]));
      expect(maxDiff).toBeLessThan(1e-4);

      // Activations: 8-bit fixed at every activation point, scales from the float capture.
      const captured = await onnx.capture(x, data.count, onnx.layers.map((l) => l.activationPoint));
      const acts: ActivationSubstitution[] = onnx.layers.map((l, i) => {
        const p = getQuantizer('fixed').calibrate(captured[i].values, 8, { signed: false });
        return { layer: l.name, point: l.activationPoint, params: { scheme: 'fixed', bits: 8, signed: false, scale: p.scale } };
      });
      const gotA = await onnx.withPlan({ weights: plan, activations: acts }, (r) => r.run(x, data.count));
      const weightsOnly = await onnx.withPlan({ weights: plan, activations: acts }, (r) => r.run(x, data.count, { activations: false }));
      expect(Array.from(weightsOnly)).toEqual(Array.from(gotW));
      const tacts = tfjs.layers.map((l, i) => ({ layer: l.name, point: l.activationPoint, params: acts[i].params }));
      const refA = await tfjs.withPlan({ weights: tplan, activations: tacts }, (r) => r.run(data.images, data.count));
      let noise = 0;
      let signal = 0;
      for (let i = 0; i < refA.length; i++) {
        noise += (refA[i] - gotA[i]) ** 2;
        signal += refA[i] ** 2;
      }
      expect(10 * Math.log10(signal / noise)).toBeGreaterThan(40);
      expect(argmaxAgreement(refA, gotA, 10)).toBeGreaterThan(0.99);
      // The last point is the softmax output, quantized to 8 bits: every output is a code · scale.
      const last = acts[acts.length - 1].params.scale;
      for (const v of gotA.subarray(0, 50)) expect(Math.abs(v / last - Math.round(v / last))).toBeLessThan(1e-3);

      // Export: the plan's kernels stored in a model stock onnxruntime runs to the same outputs.
      const ex = await onnx.exportModel({ weights: plan, activations: [] });
      const [file, bytes] = [...ex.files][0];
      expect(file).toMatch(/\.onnx$/);
      expect(decodeModel(bytes).graph!.input.map((i) => i.name)).toEqual(['input']);
      const again = await openOnnxModel(bytes, { fileName: file });
      const gotE = await again.withPlan({ weights: [], activations: [] }, (r) => r.run(x, data.count));
      let d = 0;
      for (let i = 0; i < gotE.length; i++) d = Math.max(d, Math.abs(gotE[i] - gotW[i]));
      expect(d).toBeLessThan(1e-5);
      again.dispose();
    } finally {
      onnx.dispose();
      tfjs.dispose();
    }
  });
});
