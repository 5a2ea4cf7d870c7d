/**
 * Models as they come from the converter: a GraphModel whose input fixes the batch to 1
 * ([1,28,28,1], as detectors and pose models do) and whose every node sits under the long
 * scope `StatefulPartitionedCall/model_1/…`, dropped as a zip named after the model.
 */
import '@tensorflow/tfjs-backend-cpu';
import { zipSync } from 'fflate';
import { graphModelFiles } from '../scripts/make-graph-fixture';
import { expect, test } from './fixtures';

const SCOPE = 'StatefulPartitionedCall/model_1/';

function fixedBatchZip(): { name: string; mimeType: string; buffer: Buffer } {
  const files = graphModelFiles('float32', { batch: 1, scope: SCOPE });
  return { name: 'pose-fixed-batch.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(Object.fromEntries(files))) };
}

test('a graph model with a fixed batch of 1 is analysed, evaluated and searched with no error', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await studio.dropInput.setInputFiles(fixedBatchZip());
  await expect.poll(() => studio.layerNames()).toEqual(['conv1', 'dw1', 'fc1'].map((n) => SCOPE + n));
  await studio.waitUntilIdle();
  await expect(page.getByTestId('model.name')).toContainText('pose-fixed-batch');
  await expect(studio.error).toHaveCount(0);
  // Measured on the demo digits (28×28×1 fits), one image at a time.
  expect(await studio.measuredAccuracy(60_000)).toMatch(/\d+(\.\d)? ?%/);
  await page.getByTestId('method.select').selectOption('mxqn');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
  await expect(page.getByTestId('summary.method')).toHaveText(/mxqn/i);
  expect(await studio.measuredAccuracy(60_000)).toMatch(/\d+(\.\d)? ?%/);
  // Its downloads carry its name.
  const { name } = await studio.downloadJson(studio.exportButton);
  expect(name).toMatch(/^pose-fixed-batch\./);
});

test('without matching data the page flags "no signal", shows output SQNR and cosine similarity, and its data line does not contradict itself', async ({ page, studio }) => {
  const { rgbModelFiles } = await import('../src/model/syntheticFixture');
  await studio.open('?backend=wasm');
  await studio.pickFileBytes(await rgbModelFiles());
  await expect.poll(() => studio.layerNames()).toEqual(['conv', 'fc']);
  await studio.waitUntilIdle();
  const dataLine = page.getByTestId('summary.data');
  await expect(dataLine).toContainText('synthetic inputs');
  await expect(dataLine).not.toContainText('demo digits');
  await expect(dataLine).not.toContainText('labeled');
  await expect(page.getByTestId('summary.noSignal')).toContainText('No signal');
  await expect(page.getByTestId('summary.noSignal')).toContainText('drop a folder of representative images');
  await expect(page.getByTestId('summary.outputSqnr')).toHaveText(/dB|∞/);
  await expect(page.getByTestId('summary.noSignal')).toContainText('cosine similarity');
  // Cosine similarity of the outputs with the float model's: a number in [−1, 1], shown next to output SQNR.
  const cosine = page.getByTestId('summary.outputCosine');
  await expect(cosine).toHaveText(/^(1|-?[01]\.\d{3,8})$/);
  // Beside output SQNR: the next figure of the summary, on the same line.
  const next = await page.getByTestId('summary.outputSqnr').evaluate((dd) => dd.parentElement?.nextElementSibling?.querySelector('[data-testid]')?.getAttribute('data-testid'));
  expect(next).toBe('summary.outputCosine');
  const [sqnrBox, cosineBox] = [await page.getByTestId('summary.outputSqnr').boundingBox(), await cosine.boundingBox()];
  expect(Math.abs(sqnrBox!.y - cosineBox!.y), 'same line as output SQNR').toBeLessThanOrEqual(2);
  const before = Number(await cosine.getAttribute('data-value'));
  expect(before).toBeGreaterThanOrEqual(-1);
  expect(before).toBeLessThanOrEqual(1);
  // Two bits on every layer moves the outputs away from the float model's: the figure drops and is re-measured.
  await studio.setBits('conv', 2);
  await studio.setBits('fc', 2);
  await expect.poll(async () => Number(await cosine.getAttribute('data-value')), { timeout: 30_000 }).toBeLessThan(before);
  await expect(page.getByTestId('summary.outputSqnr')).toHaveText(/dB/);
});
