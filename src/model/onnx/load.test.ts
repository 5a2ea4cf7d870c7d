import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsToOnnx, type FromTfjsOptions } from '../../../scripts/onnx/fromTfjs';
import { loadModelFromFiles } from '../load';
import { demoData, demoModelFiles, ROOT, useWasm } from '../testingHelpers';
import type { TfjsModel } from '../tfjs/types';
import { toInputLayout } from '../runtime/input';
import { loadOnnxModel, type LoadedOnnxModel } from './load';
import { configureOnnxRuntime } from './runtime';

function demoOnnx(name: 'lenet' | 'resnet-ds', opts: FromTfjsOptions) {
  const dir = join(ROOT, 'public/models', name);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  return tfjsToOnnx(json, new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))), opts);
}

async function tfjsOutputs(loaded: TfjsModel, images: Float32Array, n: number): Promise<Float32Array> {
  const x = tf.tensor(images, [n, 28, 28, 1]);
  const y = loaded.predict(x);
  const v = (await y.data()) as Float32Array;
  x.dispose();
  y.dispose();
  return v;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Per-filter sorted values: equal multisets whatever the order inside a filter. */
function perFilterSorted(w: Float32Array, filters: number): number[][] {
  const out: number[][] = Array.from({ length: filters }, () => []);
  for (let i = 0; i < w.length; i++) out[i % filters].push(w[i]);
  return out.map((f) => f.sort((a, b) => a - b));
}

describe('ONNX loader and runtime against the tfjs path on the same network', () => {
  beforeAll(async () => {
    await useWasm();
    configureOnnxRuntime({ numThreads: 1 });
  });

  for (const name of ['lenet', 'resnet-ds'] as const) {
    for (const layout of ['NCHW', 'NHWC'] as const) {
      it(`${name} ${layout}: same layers, weights (BN folded) and outputs within 1e-4 on 64 test digits`, async () => {
        const files = demoModelFiles(name);
        if (!files) return;
        const tfjs = await loadModelFromFiles(files);
        const { model } = demoOnnx(name, { layout, constantNodes: layout === 'NHWC' });
        const onnx: LoadedOnnxModel = await loadOnnxModel(model, { fileName: `${name}.onnx` });
        try {
          expect(onnx.inputShape).toEqual([null, 28, 28, 1]);
          expect(onnx.input.layout).toBe(layout);
          expect(onnx.layers.map((l) => [l.kind, l.filters, l.params, l.macs, l.outputShape.reduce((a, b) => a! * b!, 1), l.activation]))
            .toEqual(tfjs.layers.map((l) => [l.kind, l.filters, l.params, l.macs, l.outputShape.reduce((a, b) => a! * b!, 1), l.activation]));
          expect(onnx.layers.map((l) => l.producers)).toEqual(tfjs.layers.map((l) => l.producers));
          expect(onnx.layers.map((l) => l.foldedBatchNorm !== null)).toEqual(tfjs.layers.map((l) => l.foldedBatchNorm !== null));
          onnx.layers.forEach((l, i) => {
            const t = tfjs.layers[i];
            const a = perFilterSorted(l.weights, l.filters).flat();
            const b = perFilterSorted(t.weights, t.filters).flat();
            expect(maxAbsDiff(Float32Array.from(a), Float32Array.from(b))).toBeLessThan(1e-5);
            if (layout === 'NHWC') expect(maxAbsDiff(l.weights, t.weights)).toBeLessThan(1e-5);
            expect(maxAbsDiff(l.bias, t.bias)).toBeLessThan(1e-5);
          });
          const data = demoData(64);
          const ref = await tfjsOutputs(tfjs, data.images, data.count);
          const x = toInputLayout(data.images, data.count, [28, 28, 1], { name: 'input', shape: [null, ...onnx.input.dims.slice(1)], layout: onnx.input.layout === 'other' ? 'other' : onnx.input.layout });
          const got = await onnx.runner.run(x, data.count);
          expect(got.output.dims).toEqual([64, 10]);
          expect(maxAbsDiff(got.output.data, ref)).toBeLessThan(1e-4);
        } finally {
          await onnx.dispose();
          tfjs.dispose();
        }
      });
    }
  }
});
