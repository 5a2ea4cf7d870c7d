import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { onnxDescriptor } from '../../../scripts/make-onnx-proto';
import descriptor from './proto.descriptor.json';
import { AttributeType, DataType, dataTypeName, decodeModel, encodeModel } from './proto';

const here = dirname(fileURLToPath(import.meta.url));

describe('ONNX schema', () => {
  it('loads the descriptor generated from the committed onnx.proto (run npm run onnx:proto if this fails)', () => {
    const text = readFileSync(resolve(here, 'vendor/onnx.proto'), 'utf8');
    expect(text).toContain('SPDX-License-Identifier: Apache-2.0');
    expect(JSON.parse(onnxDescriptor(text))).toEqual(descriptor);
  });

  it('names data types as the schema does', () => {
    for (const [name, id] of Object.entries(DataType)) expect(dataTypeName(id)).toBe(name);
    expect(dataTypeName(999)).toBe('type 999');
    expect(AttributeType.INTS).toBe(7);
  });

  it('round-trips a model: int64 dims, raw_data, typed fields, attributes', () => {
    const raw = new Uint8Array(new Float32Array([1.5, -2, 3.25]).buffer);
    const bytes = encodeModel({
      ir_version: 8,
      opset_import: [{ domain: '', version: 13 }],
      producer_name: 'test',
      graph: {
        name: 'g',
        node: [{ op_type: 'Relu', input: ['x'], output: ['y'], attribute: [{ name: 'k', type: AttributeType.INTS, ints: [1, 2 ** 40] }] }],
        initializer: [
          { name: 'w', dims: [3], data_type: DataType.FLOAT, raw_data: raw },
          { name: 'v', dims: [2], data_type: DataType.FLOAT, float_data: [0.5, 4] },
        ],
        input: [{ name: 'x', type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_param: 'N' }, { dim_value: 3 }] } } } }],
      },
    });
    const m = decodeModel(bytes);
    expect(m.ir_version).toBe(8);
    expect(m.opset_import).toEqual([{ domain: '', version: 13 }]);
    const g = m.graph!;
    expect(g.node[0].attribute[0].ints).toEqual([1, 2 ** 40]);
    expect(g.initializer[0].dims).toEqual([3]);
    const w = g.initializer[0].raw_data!;
    expect(Array.from(new Float32Array(new Uint8Array(w).buffer))).toEqual([1.5, -2, 3.25]);
    expect(g.initializer[1].float_data).toEqual([0.5, 4]);
    expect(g.initializer[1].raw_data).toBeUndefined();
    expect(g.input[0].type!.tensor_type!.shape!.dim).toEqual([{ dim_param: 'N' }, { dim_value: 3 }]);
    expect(g.output).toEqual([]);
  });

  it('throws on bytes that are not a ModelProto or are cut short', () => {
    expect(() => decodeModel(new TextEncoder().encode('{"format":"layers-model","modelTopology":{}}'))).toThrow(/index out of range/);
    const bytes = encodeModel({ graph: { name: 'g', initializer: [{ name: 'w', dims: [4], data_type: 1, float_data: [1, 2, 3, 4] }] } });
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 3))).toThrow(/index out of range/);
  });

  it('writes models that stock onnxruntime loads and runs', async () => {
    const bytes = encodeModel({
      ir_version: 8,
      opset_import: [{ domain: '', version: 13 }],
      graph: {
        name: 'add',
        node: [{ op_type: 'Add', input: ['x', 'b'], output: ['y'], name: 'add0' }],
        initializer: [{ name: 'b', dims: [2], data_type: DataType.FLOAT, float_data: [10, 20] }],
        input: [{ name: 'x', type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_value: 2 }] } } } }],
        output: [{ name: 'y', type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_value: 2 }] } } } }],
      },
    });
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 2]), [2]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([11, 22]);
    await session.release();
  });
});
