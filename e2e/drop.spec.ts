/** Models dropped through the file picker and as a real drop; bad files are refused clearly. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

// The second demo model when it is built, else a tiny depthwise-separable model of the e2e suite.
const dir = existsSync('public/models/resnet-ds/model.json') ? 'public/models/resnet-ds' : 'e2e/models/tiny-ds';
const modelFiles = readdirSync(dir).filter((f) => f === 'model.json' || f.endsWith('.bin')).map((f) => join(dir, f));

test('a model picked with the file input replaces the demo', async ({ studio }) => {
  await studio.open('?backend=wasm');
  const before = await studio.layerNames();
  await studio.pickFiles(modelFiles);
  await expect.poll(() => studio.layerNames()).not.toEqual(before);
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
  await expect(studio.rows.first().getByTestId('layers.sqnr')).toContainText('dB');
  await studio.screenshot('dropped-model');
});

test('a model dropped on the drop zone replaces the demo', async ({ studio }) => {
  await studio.open('?backend=wasm');
  const before = await studio.layerNames();
  await studio.dropFiles(modelFiles);
  await expect.poll(() => studio.layerNames()).not.toEqual(before);
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
});

test('a bad model.json is named in the error and the previous model stays', async ({ studio }) => {
  await studio.open('?backend=wasm');
  const before = await studio.layerNames();
  await studio.dropInput.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": {"class_name": ') },
  ]);
  await expect(studio.error).toBeVisible();
  await expect(studio.error).toContainText('model.json');
  expect(await studio.layerNames()).toEqual(before);
  await studio.screenshot('bad-model-error');
});
