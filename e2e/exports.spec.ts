/**
 * Pipeline exports on the tfjs demo: every encoding format is downloaded, parsed back and
 * checked against the config the page exports (names, bit-widths, scales); a layer switched
 * to a log scheme is named as float-only and left out of the encodings.
 */
import { expect, test } from './fixtures';

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
