/**
 * A model picked the moment the page opens — before the studio has chosen its backend or
 * loaded the bundled demo — is the model the studio ends up on: the start-up must not load
 * the demo over it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const dir = existsSync('public/models/resnet-ds/model.json') ? 'public/models/resnet-ds' : 'e2e/models/tiny-ds';
const modelFiles = readdirSync(dir).filter((f) => f === 'model.json' || f.endsWith('.bin')).map((f) => join(dir, f));

test('a model picked while the page is still starting is the one analysed, not the demo', async ({ page, studio }) => {
  await page.goto('/?backend=wasm', { waitUntil: 'domcontentloaded' });
  await studio.pickFiles(modelFiles);
  await studio.waitUntilIdle();
  // Past every start-up step (backend, demo, analysis, evaluation): still the picked model.
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured', { timeout: 90_000 });
  await expect(page.getByTestId('model.name')).not.toContainText('lenet');
  await expect(studio.rows.first().getByTestId('layers.sqnr')).toContainText('dB');
  await expect(studio.error).toHaveCount(0);
});

test('a bad model picked while the page is starting is named in an error that stays after the demo loads instead', async ({ page, studio }) => {
  await page.goto('/?backend=wasm', { waitUntil: 'domcontentloaded' });
  await studio.dropInput.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": {"class_name": ') },
  ]);
  await studio.waitUntilIdle();
  await expect(page.getByTestId('model.name')).toContainText('lenet');
  await expect(studio.error).toContainText('model.json');
  await expect(studio.error).toContainText('The demo is shown instead.');
});
