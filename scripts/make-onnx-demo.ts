// Writes the bundled ONNX demo and the tf2onnx-style test model from the project's own
// trained tfjs LeNet (public/models/lenet/), with no download and byte-for-byte
// reproducibly (scripts/onnx/fromTfjs.ts is deterministic; a test checks the committed
// files equal a fresh build):
//   public/models/lenet-onnx/model.onnx   NCHW input, OIHW kernels, Gemm(transB) — as PyTorch exports
//   public/models/lenet-onnx/metadata.json
//   e2e/models/lenet-nhwc/model.onnx      NHWC input + Transpose, MatMul + Add, weights in Constant nodes — as tf2onnx-style exporters write
//   e2e/models/lenet-dynamic/model.onnx   the demo with its input declared [N, 1, H, W] (symbolic H, W)
//   npm run onnx:demo
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tfjsToOnnx, type FromTfjsOptions } from './onnx/fromTfjs';
import { decodeModel, encodeModel, type OnnxModelInit } from '../src/model/onnx/proto';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const ONNX_DEMO = 'public/models/lenet-onnx/model.onnx';
export const ONNX_NHWC = 'e2e/models/lenet-nhwc/model.onnx';
export const ONNX_DYNAMIC = 'e2e/models/lenet-dynamic/model.onnx';

/** The demo with the input's H and W declared symbolic: loads only once its shape is given. */
export function buildDynamicOnnx(): Uint8Array {
  const m = decodeModel(buildLenetOnnx(DEMO_OPTIONS));
  const dims = m.graph!.input[0].type!.tensor_type!.shape!.dim;
  dims[2] = { dim_param: 'H' };
  dims[3] = { dim_param: 'W' };
  return encodeModel(m as unknown as OnnxModelInit);
}

/** The ONNX bytes of the demo LeNet in the given style. */
export function buildLenetOnnx(opts: FromTfjsOptions): Uint8Array {
  const dir = join(root, 'public/models/lenet');
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  return tfjsToOnnx(json, new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))), opts).model;
}

export const DEMO_OPTIONS: FromTfjsOptions = { layout: 'NCHW', opset: 13, name: 'lenet-onnx' };
export const NHWC_OPTIONS: FromTfjsOptions = { layout: 'NHWC', opset: 13, constantNodes: true, name: 'lenet-nhwc' };

function write(rel: string, bytes: Uint8Array | string): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  console.log(`wrote ${rel} (${typeof bytes === 'string' ? bytes.length : bytes.length} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  write(ONNX_DEMO, buildLenetOnnx(DEMO_OPTIONS));
  const meta = JSON.parse(readFileSync(join(root, 'public/models/lenet/metadata.json'), 'utf8'));
  write('public/models/lenet-onnx/metadata.json', `${JSON.stringify({
    name: 'lenet-onnx',
    description: 'The demo LeNet-5 as an ONNX model (NCHW input, OIHW kernels, Gemm dense layers, opset 13), written from the trained tfjs weights by scripts/make-onnx-demo.ts; runs in onnxruntime-web.',
    inputShape: [1, 28, 28],
    inputLayout: 'NCHW',
    classes: meta.classes,
    floatTestAccuracy: meta.floatTestAccuracy,
    source: 'public/models/lenet (tfjs LayersModel)',
    builtBy: 'scripts/make-onnx-demo.ts',
  }, null, 2)}\n`);
  write(ONNX_NHWC, buildLenetOnnx(NHWC_OPTIONS));
  write(ONNX_DYNAMIC, buildDynamicOnnx());
}
