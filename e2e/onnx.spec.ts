/**
 * Issue 13, opening ONNX: the bundled ONNX demo (one click) and a tf2onnx-style NHWC model
 * (dropped) go through analysis, a method, an edit with live re-evaluation and the config
 * export, on onnxruntime-web in the worker; CQ says it needs gradients instead of failing;
 * a broken .onnx is named and the previous model stays; a dynamic input is refused until
 * its shape is given in the drop zone's Input shape field.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import type { Studio } from './pages/studio';
import type { Page } from '@playwright/test';

type Config = { model: { format: string; hash: string }; layers: { name: string; weights: { bits: number | number[] } }[] };

async function methodEditExport(page: Page, studio: Studio, format = 'onnx'): Promise<void> {
  await expect(studio.rows.first().getByTestId('layers.sqnr')).toContainText('dB');
  await expect(page.getByTestId('model.limits')).toContainText('CQ, EBS');
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('4');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await expect(page.getByTestId('summary.method')).toHaveText('uniform');
  const acc = await studio.measuredAccuracy();
  expect(acc).toMatch(/%/);
  const [first] = await studio.layerNames();
  await studio.setBits(first, 2);
  await expect(page.getByTestId('summary.method')).toHaveText('manual');
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured', { timeout: 30_000 });
  const { json } = await studio.exportConfig() as unknown as { json: Config };
  expect(json.model.format).toBe(format);
  expect(json.layers[0].weights.bits).toBe(2);
  expect(json.layers.slice(1).every((l) => l.weights.bits === 4)).toBe(true);
}

test('the bundled ONNX demo opens in one click and goes through a method, an edit and the export', async ({ page, studio }) => {
  test.setTimeout(180_000);
  await studio.open('?backend=wasm');
  await page.getByTestId('demo.lenet-onnx').click();
  await expect.poll(() => studio.layerNames(), { timeout: 60_000 }).toEqual(['conv1', 'conv2', 'fc1', 'fc2', 'fc3']);
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
  await methodEditExport(page, studio);
  // CQ needs gradients, which onnxruntime-web does not compute: said, not a crash.
  await page.getByTestId('method.select').selectOption('cq');
  await page.getByTestId('method.run').click();
  await expect(studio.error).toContainText('CQ needs gradients');
  await studio.screenshot('onnx-demo');
});

test('a tf2onnx-style NHWC model dropped as a file goes through a method, an edit and the export', async ({ page, studio }) => {
  test.setTimeout(180_000);
  await studio.open('?backend=wasm');
  await studio.dropFiles(['e2e/models/lenet-nhwc/model.onnx']);
  await expect.poll(() => studio.layerNames(), { timeout: 60_000 }).toEqual(['conv1', 'conv2', 'fc1', 'fc2', 'fc3']);
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
  await methodEditExport(page, studio);
});

test('a broken .onnx is named and the previous model stays; a dynamic input loads once its shape is given', async ({ page, studio }) => {
  test.setTimeout(120_000);
  await studio.open('?backend=wasm');
  const before = await studio.layerNames();
  const demo = readFileSync('public/models/lenet-onnx/model.onnx');
  await studio.dropInput.setInputFiles([{ name: 'broken.onnx', mimeType: 'application/octet-stream', buffer: demo.subarray(0, demo.length >> 1) }]);
  await expect(studio.error).toContainText('broken.onnx: truncated');
  expect(await studio.layerNames()).toEqual(before);
  // The demo with its input's H and W symbolic (npm run onnx:demo writes it).
  await studio.pickFiles(['e2e/models/lenet-dynamic/model.onnx']);
  await expect(studio.error).toContainText("has dynamic dims 2 (H), 3 (W)");
  await page.getByTestId('drop.inputShape').fill('1,1,28,28');
  await page.getByTestId('drop.reload').click();
  await expect.poll(() => studio.layerNames(), { timeout: 60_000 }).toEqual(['conv1', 'conv2', 'fc1', 'fc2', 'fc3']);
  await studio.waitUntilIdle();
  await expect(studio.rows.first().getByTestId('layers.sqnr')).toContainText('dB');
});
