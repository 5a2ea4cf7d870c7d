/**
 * Test helper: accuracy of an exported ONNX model run in stock onnxruntime-web (no studio
 * code in the loop) on demo digits, fed as NCHW [N, 1, 28, 28] (one channel: the digits'
 * channels-last order is the same).
 */
import * as ort from 'onnxruntime-web';
import { argmaxRows } from '../../quant/argmax';
import { configureOnnxRuntime } from './runtime';

export async function digitsAccuracyInOrt(bytes: Uint8Array, digits: { images: Float32Array; labels: ArrayLike<number>; count: number }): Promise<number> {
  configureOnnxRuntime({ numThreads: 1 });
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', digits.images, [digits.count, 1, 28, 28]) });
    const logits = out[session.outputNames[0]].data as Float32Array;
    const preds = argmaxRows(logits, digits.count, logits.length / digits.count);
    let correct = 0;
    for (let i = 0; i < digits.count; i++) if (preds[i] === digits.labels[i]) correct++;
    return correct / digits.count;
  } finally {
    await session.release();
  }
}
