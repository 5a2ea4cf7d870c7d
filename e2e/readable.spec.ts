/**
 * Readable layers and fields that say what they accept: short display names in the table,
 * bit map and scheme chart (full name on hover and in the detail), a resizable name column;
 * numeric fields refuse what they do not accept, inline, and nothing runs on it.
 */
import '@tensorflow/tfjs-backend-cpu';
import { zipSync } from 'fflate';
import { graphModelFiles } from '../scripts/make-graph-fixture';
import { expect, test } from './fixtures';

const SCOPE = 'StatefulPartitionedCall/model_1/';

test('scoped layer names are shown short, in full on hover and in the detail; the name column resizes', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const files = graphModelFiles('float32', { batch: 1, scope: SCOPE });
  await studio.dropInput.setInputFiles({ name: 'detector.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(Object.fromEntries(files))) });
  await expect.poll(() => studio.layerNames()).toEqual(['conv1', 'dw1', 'fc1'].map((n) => SCOPE + n));
  await studio.waitUntilIdle();
  const names = page.getByTestId('layers.name');
  await expect(names).toHaveText(['conv1', 'dw1', 'fc1']);
  await expect(names.first()).toHaveAttribute('title', `${SCOPE}conv1`);
  await expect(page.getByTestId('bitmap.row')).toHaveText(['conv1', 'dw1', 'fc1']);
  await expect(page.getByTestId('bitmap.row').first()).toHaveAttribute('title', new RegExp(`^${SCOPE}conv1`));
  await expect(page.getByTestId('scheme.chart').locator('text', { hasText: /^dw1$/ })).toHaveCount(1);
  await studio.row(`${SCOPE}dw1`).click();
  await expect(page.getByTestId('layer.fullName')).toHaveText(`${SCOPE}dw1`);

  // The name column: dragging its edge widens it; Shift+← narrows it from the keyboard.
  const cell = names.first();
  const before = (await cell.boundingBox())!.width;
  const handle = page.getByTestId('layers.nameResize');
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await cell.boundingBox())!.width).toBeGreaterThan(before + 40);
  const wide = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  await handle.press('Shift+ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', String(wide - 16));
});

test('numeric fields refuse 12, −1, 4.5 and empty inline, and nothing runs on them', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await page.getByTestId('method.select').selectOption('uniform');
  const budget = page.getByTestId('method.budget');
  await expect(budget).toHaveAttribute('min', '2');
  await expect(budget).toHaveAttribute('max', '8');
  await expect(budget).toHaveAttribute('step', '1');
  await expect(page.getByTestId('method.panel')).toContainText('bits');
  const run = page.getByTestId('method.run');
  for (const bad of ['12', '-1', '4.5', '']) {
    await budget.fill(bad);
    await expect(budget).toHaveValue(bad);
    await expect(budget).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('method.budget.error')).toContainText('2–8 bits');
    await expect(run).toBeDisabled();
  }
  await budget.fill('3');
  await expect(page.getByTestId('method.budget.error')).toHaveCount(0);
  await expect(run).toBeEnabled();

  // CQ's ε in percentage points of accuracy, 0.1–20.
  await page.getByTestId('method.select').selectOption('cq');
  await expect(budget).toHaveValue('1');
  await expect(page.getByTestId('method.panel')).toContainText('% points');
  await budget.fill('50');
  await expect(page.getByTestId('method.budget.error')).toContainText('0.1–20 % points');
  await expect(run).toBeDisabled();

  // A table entry out of range says so and leaves the layer as it was.
  const bits = studio.bitsInput('conv1');
  const was = await bits.inputValue();
  await bits.fill('9');
  await expect(page.getByTestId('layers.bits.error')).toContainText('2–8 bits');
  await expect(page.getByTestId('summary.method')).not.toHaveText('manual');
  await bits.press('Escape');
  await bits.fill(was);
  await expect(page.getByTestId('layers.bits.error')).toHaveCount(0);
});
