/** Manual edits with undo/redo, config export/import, and a session restored on reload. */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test('edits undo and redo with the keyboard and the buttons', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const [first] = await studio.layerNames();
  const sqnr = studio.row(first).getByTestId('layers.sqnr');
  const at8 = await sqnr.textContent();
  await studio.setBits(first, 3);
  await expect(sqnr).not.toHaveText(at8 ?? '');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(studio.bitsInput(first)).toHaveValue('8');
  await expect(sqnr).toHaveText(at8 ?? '');
  await page.keyboard.press('Control+Shift+z');
  await expect(studio.bitsInput(first)).toHaveValue('3');
  await studio.undoButton.click();
  await expect(studio.bitsInput(first)).toHaveValue('8');
  await studio.redoButton.click();
  await expect(studio.bitsInput(first)).toHaveValue('3');
});

test('export writes every layer; importing it restores the same state; a foreign config is refused', async ({ studio }, info) => {
  await studio.open('?backend=wasm');
  const names = await studio.layerNames();
  await studio.setBits(names[0], 4);
  await studio.row(names[1]).getByTestId('layers.scheme').selectOption('log2');
  const { path, json } = await studio.exportConfig();
  expect(json.layers.map((l) => l.name)).toEqual(names);
  expect(json.layers[0].weights.bits).toBe(4);
  expect(json.layers[1].weights.scheme).toBe('log2');

  await studio.setBits(names[0], 7);
  await studio.row(names[1]).getByTestId('layers.scheme').selectOption('fixed');
  await studio.pickFiles([path]);
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  await expect(studio.row(names[1]).getByTestId('layers.scheme')).toHaveValue('log2');
  await expect(studio.error).toHaveCount(0);

  const foreign = { ...json, model: { ...json.model, hash: 'f'.repeat(64), name: 'other-net' } };
  const foreignPath = info.outputPath('other-net.quant-config.json');
  writeFileSync(foreignPath, JSON.stringify(foreign));
  await studio.pickFiles([foreignPath]);
  await expect(studio.error).toContainText('other-net');
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('quantization-studio/config');
});

test('reload restores model, edits, selection and the URL settings', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const names = await studio.layerNames();
  await studio.setBits(names[0], 5);
  await studio.row(names[2]).click();
  await expect(page).toHaveURL(new RegExp(`layer=${names[2]}`));
  await page.waitForTimeout(600); // persistence is debounced
  await page.reload();
  await studio.waitUntilIdle();
  await expect(studio.bitsInput(names[0])).toHaveValue('5');
  await expect(studio.row(names[2])).toHaveAttribute('aria-selected', 'true');
  await expect(studio.detail).toContainText(names[2]);
  expect(await studio.backendName()).toBe('wasm');
  await studio.screenshot('restored');
});
