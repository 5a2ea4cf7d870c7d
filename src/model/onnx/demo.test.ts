import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { buildDynamicOnnx, buildLenetOnnx, DEMO_OPTIONS, NHWC_OPTIONS, ONNX_DEMO, ONNX_DYNAMIC, ONNX_NHWC } from '../../../scripts/make-onnx-demo';
import { loadModelFromFiles } from '../load';
import { toInputLayout } from '../runtime/input';
import { demoData, demoModelFiles, ROOT, useWasm } from '../testingHelpers';
import { openOnnxModel } from './model';
import { configureOnnxRuntime } from './runtime';

describe('the bundled ONNX demo', () => {
  beforeAll(async () => {
    await useWasm();
    configureOnnxRuntime({ numThreads: 1 });
  });

  it('the committed files are what npm run onnx:demo builds from the tfjs weights', () => {
    expect(Buffer.compare(readFileSync(join(ROOT, ONNX_DEMO)), Buffer.from(buildLenetOnnx(DEMO_OPTIONS)))).toBe(0);
    expect(Buffer.compare(readFileSync(join(ROOT, ONNX_NHWC)), Buffer.from(buildLenetOnnx(NHWC_OPTIONS)))).toBe(0);
    expect(Buffer.compare(readFileSync(join(ROOT, ONNX_DYNAMIC)), Buffer.from(buildDynamicOnnx()))).toBe(0);
  });

  it('float outputs (NCHW demo and NHWC test model) match the tfjs demo within 1e-4 on 500 real test digits', async () => {
    const files = demoModelFiles('lenet');
    if (!files) return;
    const tfjs = await loadModelFromFiles(files);
    const data = demoData(500);
    const x = tf.tensor(data.images, [data.count, 28, 28, 1]);
    const y = tfjs.predict(x);
    const ref = (await y.data()) as Float32Array;
    x.dispose();
    y.dispose();
    tfjs.dispose();
    for (const [file, layout] of [[ONNX_DEMO, 'NCHW'], [ONNX_NHWC, 'NHWC']] as const) {
      const onnx = await openOnnxModel(new Uint8Array(readFileSync(join(ROOT, file))), { fileName: file });
      expect(onnx.onnx.input.layout).toBe(layout);
      expect(onnx.input).toEqual({ name: 'input', shape: [null, 28, 28, 1], layout: 'NHWC' });
      const input = toInputLayout(data.images, data.count, [28, 28, 1], onnx.input);
      const got = await onnx.withPlan({ weights: [], activations: [] }, (r) => r.run(input, data.count));
      let maxDiff = 0;
      for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i] - got[i]));
      expect(maxDiff).toBeLessThan(1e-4);
      onnx.dispose();
    }
  });
});
