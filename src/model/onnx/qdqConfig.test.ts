/**
 * Acceptance (issue 13): the bundled ONNX demo, analysed and searched the way the page and
 * the CLI do it (uniform 8 bits: kernels and activations), exported as a QDQ model; stock
 * onnxruntime-web runs that file on the demo test split and its accuracy is within 0.5
 * points of the accuracy the config claims.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectSplit, takeBalanced } from '../../data/mnistBinary';
import { analyzeModel } from '../analyze';
import { exportQuantizedModel } from '../export';
import { runMethod } from '../methods/run';
import { demoDigits, ROOT } from '../testingHelpers';
import { openOnnxModel } from './model';
import { decodeModel } from './proto';
import { configureOnnxRuntime } from './runtime';
import { digitsAccuracyInOrt } from './testingHelpers';

beforeAll(() => configureOnnxRuntime({ numThreads: 1 }));

describe('QDQ export of the ONNX demo, against the config\'s claim', () => {
  it('uniform 8-bit: onnxruntime accuracy on the test split within 0.5 points of config.summary.accuracy', async () => {
    const file = join(ROOT, 'public/models/lenet-onnx/model.onnx');
    if (!existsSync(file)) return;
    const bytes = new Uint8Array(readFileSync(file));
    const model = await openOnnxModel(bytes, { fileName: 'model.onnx' });
    try {
      const ds = demoDigits();
      const test = selectSplit(ds, 'test');
      const cal = takeBalanced(ds, 64, 'train');
      const base = await analyzeModel(model, { data: { images: cal.images, count: cal.count, shape: [28, 28, 1], source: 'demo:mnist' }, calibration: 64 });
      const run = await runMethod(model, base, 'uniform', {
        evaluation: { id: 'test', images: test.images, labels: test.labels, count: test.count },
        calibration: { id: 'cal', images: cal.images, count: cal.count },
      }, { budget: 8 });
      const config = run.config;
      // Activations at 8 bits except the output layer's, which the methods keep float.
      const quantized = config.layers.filter((l) => l.activations.scheme === 'fixed');
      expect(quantized.length).toBe(config.layers.length - 1);
      expect(quantized.every((l) => typeof l.activations.scale === 'number' && l.activations.scale > 0)).toBe(true);
      const claim = config.summary.accuracy!;
      const ex = await exportQuantizedModel(model, config);
      expect(ex.notes ?? []).toEqual([]);
      const [name, qdq] = [...ex.files][0];
      expect(name).toMatch(/\.qdq\.onnx$/);
      const ops = decodeModel(qdq).graph!.node.map((n) => n.op_type);
      expect(ops.filter((o) => o === 'QuantizeLinear')).toHaveLength(quantized.length);
      expect(ops.filter((o) => o === 'DequantizeLinear')).toHaveLength(quantized.length + model.layers.length);
      const measured = await digitsAccuracyInOrt(qdq, test);
      console.log(`ONNX demo, uniform 8: config claims ${(100 * claim).toFixed(2)}%, QDQ model in onnxruntime ${(100 * measured).toFixed(2)}% on ${test.count} test digits`);
      expect(Math.abs(measured - claim)).toBeLessThanOrEqual(0.005);
    } finally {
      model.dispose();
    }
  }, 180_000);
});
