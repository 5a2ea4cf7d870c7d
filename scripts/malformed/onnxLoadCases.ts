/**
 * Load-side ONNX cases of the malformed corpus, cut from the demo LeNet as ONNX
 * (scripts/make-onnx-demo.ts): bytes that are not protobuf or are cut short, no graph,
 * opsets outside 7–21, ops no runtime implements, external data missing or short, absurd
 * or inconsistent dims, dynamic dims without a shape — each with the one-line message it
 * must get — and controls that must load (float16 weights through Cast, external data,
 * opsets 7 and 21, Constant-node weights, a dynamic input given its shape).
 */
import { buildLenetOnnx } from '../make-onnx-demo';
import type { FromTfjsOptions } from '../onnx/fromTfjs';
import { tfjsToOnnx } from '../onnx/fromTfjs';
import { decodeModel, encodeModel, type OnnxModel, type OnnxModelInit } from '../../src/model/onnx/proto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enc, type FileMap } from './base';
import { error, lit, loads, type CorpusEntry } from './types';

interface OnnxCase extends Omit<CorpusEntry, 'category' | 'kind'> {
  category: 'onnx';
  kind: 'model';
  /** Input shape given with the drop (the page's field, the CLI's --input-shape). */
  inputShape?: number[];
}

const NCHW: FromTfjsOptions = { layout: 'NCHW', opset: 13, name: 'lenet-onnx' };

function edited(edit: (m: OnnxModel) => void, opts: FromTfjsOptions = NCHW): Uint8Array {
  const m = decodeModel(buildLenetOnnx(opts));
  edit(m);
  return encodeModel(m as unknown as OnnxModelInit);
}

const one = (bytes: Uint8Array, name = 'model.onnx'): FileMap => new Map([[name, bytes]]);

export function onnxLoadCases(root: string): OnnxCase[] {
  const demo = buildLenetOnnx(NCHW);
  const dir = join(root, 'public/models/lenet');
  const external = tfjsToOnnx(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))),
    { ...NCHW, externalData: 'model.onnx.data' });
  const c = (id: string, note: string, files: FileMap, expect: CorpusEntry['expect'], inputShape?: number[]): OnnxCase =>
    ({ id: `onnx-${id}`, category: 'onnx', kind: 'model', note, files, expect, ...(inputShape ? { inputShape } : {}) });
  return [
    c('json-as-onnx', 'a model.json renamed .onnx', one(enc('{"format":"layers-model","modelTopology":{}}')), error(lit('model.onnx'), /not an ONNX protobuf|truncated/)),
    c('png-as-onnx', 'a PNG renamed .onnx', one(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])), error(lit('model.onnx'), /not an ONNX|no graph|truncated/)),
    c('empty', 'an empty .onnx file', one(new Uint8Array(0)), error(lit('model.onnx'), /no graph/)),
    c('truncated-50pct', 'the demo cut at half its length', one(demo.subarray(0, demo.length >> 1)), error(lit('model.onnx'), /truncated/)),
    c('truncated-last-byte', 'the demo missing its last byte', one(demo.subarray(0, demo.length - 1)), error(lit('model.onnx'), /truncated|not an ONNX/)),
    c('no-graph', 'a valid ModelProto without a graph', one(encodeModel({ ir_version: 8, opset_import: [{ domain: '', version: 13 }] })), error(/no graph/)),
    c('opset-5', 'default-domain opset 5', one(edited((m) => { m.opset_import[0].version = 5; })), error(/opset 5 is outside the supported 7–21/)),
    c('opset-30', 'default-domain opset 30', one(edited((m) => { m.opset_import[0].version = 30; })), error(/opset 30 is outside/)),
    c('unknown-op', 'a Relu renamed FancyRelu', one(edited((m) => { m.graph!.node.find((n) => n.op_type === 'Relu')!.op_type = 'FancyRelu'; })), error(/unsupported op 'FancyRelu'/, /conv1/)),
    c('custom-domain-op', 'a Relu moved to a custom domain', one(edited((m) => { m.graph!.node.find((n) => n.op_type === 'Relu')!.domain = 'com.example'; })), error(/unsupported op 'Relu' \(domain com\.example\)/)),
    c('absurd-dims', 'an initializer declaring 10^12 elements', one(edited((m) => { m.graph!.initializer[0].dims = [1_000_000, 1_000_000, 1, 1]; })), error(/absurd dims/)),
    c('negative-dim', 'an initializer with a negative dim', one(edited((m) => { m.graph!.initializer[0].dims = [-8, 1, 5, 5]; })), error(/invalid dimension -8/)),
    c('raw-data-short', 'conv1.weight raw_data shorter than its dims', one(edited((m) => { const t = m.graph!.initializer[0]; t.raw_data = t.raw_data!.subarray(0, 100); })), error(/conv1\.weight/, /holds 100 bytes/)),
    c('missing-external-data', 'external weights without their .data file', one(external.model), error(/missing external data file 'model\.onnx\.data'/)),
    c('short-external-data', 'external data file cut short', new Map([['model.onnx', external.model], ['model.onnx.data', external.data!.subarray(0, 1000)]]), error(/model\.onnx\.data' is too short/)),
    c('dynamic-dims', 'an input with symbolic H and W, no shape given', one(edited((m) => {
      const d = m.graph!.input[0].type!.tensor_type!.shape!.dim;
      d[2] = { dim_param: 'H' };
      d[3] = { dim_param: 'W' };
    })), error(/input 'input' \[N,1,H,W\] has dynamic dims 2 \(H\), 3 \(W\)/, /--input-shape/)),
    c('wrong-input-shape', 'a given input shape that disagrees with the model', one(demo), error(/disagrees with input 'input'/), [1, 3, 28, 28]),
    c('control-demo', 'the demo itself', one(demo), loads()),
    c('control-external-data', 'weights in model.onnx.data beside model.onnx', new Map([['model.onnx', external.model], ['model.onnx.data', external.data!]]), loads()),
    c('control-float16', 'float16 weights read through Cast', one(buildLenetOnnx({ ...NCHW, float16: true })), loads()),
    c('control-opset-7', 'the demo at opset 7', one(buildLenetOnnx({ ...NCHW, opset: 7 })), loads()),
    c('control-opset-21', 'the demo at opset 21', one(buildLenetOnnx({ ...NCHW, opset: 21 })), loads()),
    c('control-constant-nodes', 'every weight in a Constant node, NHWC input', one(buildLenetOnnx({ layout: 'NHWC', constantNodes: true })), loads()),
    c('control-dynamic-given', 'symbolic H and W with the input shape given', one(edited((m) => {
      const d = m.graph!.input[0].type!.tensor_type!.shape!.dim;
      d[2] = { dim_param: 'H' };
      d[3] = { dim_param: 'W' };
    })), loads(), [1, 1, 28, 28]),
  ];
}
