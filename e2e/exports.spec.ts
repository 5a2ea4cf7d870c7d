/**
 * Pipeline exports: on the tfjs demo every encoding format is downloaded, parsed back and
 * checked against the config the page exports (names, bit-widths, scales), and a layer
 * switched to a log scheme is named as float-only and left out; on the ONNX demo the QDQ
 * model and every encoding are downloaded and parsed back (ONNX with the project's schema
 * module), named with the graph's own tensors.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs/light.js';
import { expect, test } from './fixtures';

type OnnxGraph = { node: { op_type?: string; name?: string; input: string[]; output: string[] }[]; initializer: { name?: string; data_type?: number }[] };
// The project's ONNX schema (the descriptor src/model/onnx/proto.ts loads), read as a file:
// Playwright's loader does not import JSON modules.
const ModelProto = protobuf.Root.fromJSON(JSON.parse(readFileSync('src/model/onnx/proto.descriptor.json', 'utf8')) as protobuf.INamespace).lookupType('onnx.ModelProto');
function decodeModel(bytes: Uint8Array): { graph?: OnnxGraph } {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, enums: Number, arrays: true, defaults: false }) as { graph?: OnnxGraph };
}

type Layer = { name: string; weights: { bits: number | number[]; scheme: string; granularity: string; scales?: number[] }; activations: { scheme: string; bits: number | null; scale?: number; signed?: boolean } };
type Config = { layers: Layer[] };
type V061 = { version: string; param_encodings: Record<string, { bitwidth: number; offset: number; scale: number; min: number; max: number }[]>; activation_encodings: Record<string, unknown[]> };
type V100 = { version: string; param_encodings: { name: string; bw: number; enc_type: string; scale: number[]; offset: number[]; is_sym: boolean }[]; activation_encodings: { name: string; bw: number; scale: number[] }[] };
type V2 = { version: string; encodings: { name: string; output_dtype: string; y_scale: number | number[]; axis?: number }[] };
type Tqo = Record<string, { quant_type: string; scale: number; zero_point: number; axis?: number }[]>;

test('every encoding format downloads and holds the config\'s bits and scales', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured', { timeout: 30_000 });
  const { json: config } = await studio.exportConfig() as unknown as { json: Config };
  const layers = config.layers;
  expect(layers.length).toBeGreaterThan(0);
  await page.getByTestId('export.pipelines').locator('summary').click();
  // A tfjs model has no ONNX graph to rewrite: the QDQ export says so.
  await expect(page.getByTestId('export.qdq')).toBeDisabled();
  await expect(page.getByTestId('export.qdq.reason')).toContainText('open an ONNX model');

  const v2 = await studio.downloadJson<V2>(page.getByTestId('export.aimet2'));
  expect(v2.name).toMatch(/\.aimet-2\.0\.0\.encodings\.json$/);
  expect(v2.json.version).toBe('2.0.0');
  for (const l of layers) {
    const e = v2.json.encodings.find((x) => x.name === `${l.name}/kernel`)!;
    expect(e.output_dtype).toBe(`int${l.weights.bits as number}`);
    expect(e.y_scale).toBe(l.weights.scales![0]);
    const a = v2.json.encodings.find((x) => x.name === l.name);
    if (l.activations.scheme === 'fixed') expect(a).toMatchObject({ output_dtype: `${l.activations.signed ? '' : 'u'}int8`, y_scale: l.activations.scale });
  }

  const v1 = await studio.downloadJson<V100>(page.getByTestId('export.aimet1'));
  expect(v1.json.version).toBe('1.0.0');
  expect(v1.json.param_encodings.map((e) => e.name).sort()).toEqual(layers.map((l) => `${l.name}/kernel`).sort());
  for (const e of v1.json.param_encodings) {
    const l = layers.find((x) => `${x.name}/kernel` === e.name)!;
    expect(e).toMatchObject({ bw: l.weights.bits, enc_type: 'PER_TENSOR', scale: l.weights.scales, offset: [-(2 ** ((l.weights.bits as number) - 1) - 1)], is_sym: true });
  }

  const legacy = await studio.downloadJson<V061>(page.getByTestId('export.aimet'));
  expect(legacy.name).toMatch(/\.encodings\.json$/);
  expect(legacy.json.version).toBe('0.6.1');
  expect(Object.keys(legacy.json.param_encodings).sort()).toEqual(layers.map((l) => `${l.name}/kernel`).sort());
  for (const [, [e]] of Object.entries(legacy.json.param_encodings)) {
    expect(e.min).toBeCloseTo(e.offset * e.scale, 6);
    expect(e.max).toBeCloseTo(-e.min, 6);
  }

  const tqo = await studio.downloadJson<Tqo>(page.getByTestId('export.ortOverrides'));
  expect(tqo.name).toMatch(/\.ort-tensor-quant-overrides\.json$/);
  for (const l of layers) expect(tqo.json[`${l.name}/kernel`]).toEqual([{ quant_type: 'QInt8', scale: l.weights.scales![0], zero_point: 0 }]);
});

test('a log2 layer is named as having no integer grid and is left out of the encodings', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const [first] = await studio.layerNames();
  await studio.row(first).getByTestId('layers.scheme').selectOption('log2');
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured', { timeout: 30_000 });
  await page.getByTestId('export.pipelines').locator('summary').click();
  await expect(page.getByTestId('export.floatLayers')).toContainText(`${first} weights: log2`);
  const v2 = await studio.downloadJson<V2>(page.getByTestId('export.aimet2'));
  expect(v2.json.encodings.map((e) => e.name)).not.toContain(`${first}/kernel`);
  await expect(page.getByTestId('notice.message')).toContainText(`${first} weights: log2 levels are not evenly spaced — no integer grid`);
});

test('the ONNX demo: the QDQ model and every encoding download, named with the graph\'s own tensors', async ({ page, studio }) => {
  test.setTimeout(180_000);
  await studio.open('?backend=wasm');
  await page.getByTestId('demo.lenet-onnx').click();
  await expect.poll(() => studio.layerNames(), { timeout: 60_000 }).toEqual(['conv1', 'conv2', 'fc1', 'fc2', 'fc3']);
  await studio.waitUntilIdle();
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured', { timeout: 60_000 });
  const { json: config } = await studio.exportConfig() as unknown as { json: Config };
  const original = decodeModel(new Uint8Array(readFileSync('public/models/lenet-onnx/model.onnx'))).graph!;
  const initializers = new Set(original.initializer.map((t) => t.name));
  const tensors = new Set(original.node.flatMap((n) => n.output));
  await page.getByTestId('export.pipelines').locator('summary').click();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export.qdq').click()]);
  expect(download.suggestedFilename()).toMatch(/\.qdq\.onnx$/);
  const path = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const qdq = decodeModel(new Uint8Array(readFileSync(path))).graph!;
  const ops = qdq.node.map((n) => n.op_type);
  const quantizedActs = config.layers.filter((l) => l.activations.scheme === 'fixed').length;
  expect(ops.filter((o) => o === 'QuantizeLinear')).toHaveLength(quantizedActs);
  expect(ops.filter((o) => o === 'DequantizeLinear')).toHaveLength(quantizedActs + config.layers.length);
  for (const l of config.layers) {
    // Every kernel is int8 (data type 3) with the config's scale.
    const q = qdq.initializer.find((t) => t.name?.endsWith('_quantized') && qdq.node.some((n) => n.op_type === 'DequantizeLinear' && n.input[0] === t.name && qdq.node.some((c) => c.name === l.name && c.input.includes(n.output[0]))));
    expect(q?.data_type, l.name).toBe(3);
  }

  const v2 = await studio.downloadJson<V2>(page.getByTestId('export.aimet2'));
  const params = v2.json.encodings.filter((e) => initializers.has(e.name));
  expect(params).toHaveLength(config.layers.length);
  for (const e of v2.json.encodings) expect(initializers.has(e.name) || tensors.has(e.name), e.name).toBe(true);
  const v1 = await studio.downloadJson<V100>(page.getByTestId('export.aimet1'));
  expect(v1.json.param_encodings.map((e) => e.name).sort()).toEqual(params.map((e) => e.name).sort());
  const legacy = await studio.downloadJson<V061>(page.getByTestId('export.aimet'));
  expect(Object.keys(legacy.json.param_encodings).sort()).toEqual(params.map((e) => e.name).sort());
  const tqo = await studio.downloadJson<Tqo>(page.getByTestId('export.ortOverrides'));
  for (const name of Object.keys(tqo.json)) expect(initializers.has(name) || tensors.has(name), name).toBe(true);
  for (const e of params) expect(tqo.json[e.name]).toEqual([{ quant_type: 'QInt8', scale: e.y_scale, zero_point: 0 }]);
});
