/**
 * Nothing the user did is lost, and the Pareto chart reads at a glance: a reload with a
 * method in the URL keeps the restored edits; applying a Pareto point is undoable; manual
 * configs are measured and plotted as their own points; the points and the undo history
 * survive a reload; two configs compare side by side;
 * every method has its own marker and a readable legend name, overlapping points are spread
 * and listed, and the y axis starts at the interesting range (zoomable, "Show all").
 */
import { expect, test } from './fixtures';

test('a restored session wins over ?method=; a Pareto point applies as an undoable edit; manual configs become points', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const names = await studio.layerNames();
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('4');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await studio.setBits(names[0], 6);
  await expect(page.getByTestId('summary.method')).toHaveText('manual');
  await studio.measuredAccuracy();
  // The measured manual config is a point of its own.
  await expect(page.locator('[data-testid="pareto.point"][data-method="manual"]')).toHaveCount(1);
  await page.waitForTimeout(700); // persistence is debounced

  // A link naming a method does not re-run it over the restored edits.
  await page.goto('/?backend=wasm&method=knapsack&budget=3');
  await studio.waitUntilIdle();
  await expect(studio.bitsInput(names[0])).toHaveValue('6');
  await expect(page.getByTestId('summary.method')).toHaveText('manual');

  // Running a method over the edits is undoable too.
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('4');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  await studio.undoButton.click();
  await expect(studio.bitsInput(names[0])).toHaveValue('6');

  // Applying the uniform point replaces the edit… and Undo brings the edit back.
  await page.locator('[data-testid="pareto.point"][data-method="uniform"]').first().click();
  await expect(page.getByTestId('summary.method')).toHaveText('uniform');
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  await expect(studio.undoButton).toBeEnabled();
  await studio.undoButton.click();
  await expect(studio.bitsInput(names[0])).toHaveValue('6');

  // Side by side: the current (edited) config against the uniform 4-bit point.
  const panel = page.getByTestId('compare.panel');
  await panel.getByTestId('compare.a').selectOption({ index: 0 });
  const uniformOption = await panel.getByTestId('compare.b').locator('option', { hasText: 'Uniform (per tensor)' }).first().getAttribute('value');
  await panel.getByTestId('compare.b').selectOption(uniformOption!);
  const first = panel.locator(`[data-testid="compare.row"][data-layer="${names[0]}"]`);
  await expect(first).toHaveAttribute('data-differs', 'true');
  await expect(first.locator('td').nth(0)).toHaveText('6');
  await expect(first.locator('td').nth(1)).toHaveText('4');
  await expect(panel.getByTestId('compare.summary')).toContainText('1 of');
  await panel.getByTestId('compare.applyB').click();
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  await studio.undoButton.click();
  await expect(studio.bitsInput(names[0])).toHaveValue('6');
});

test('the Pareto points (manual ones included) and the undo history survive a reload', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const names = await studio.layerNames();
  const analysed = await studio.bitsInput(names[0]).inputValue();
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('4');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await studio.setBits(names[0], 6);
  await studio.measuredAccuracy();
  const manual = page.locator('[data-testid="pareto.point"][data-method="manual"]');
  await expect(manual).toHaveCount(1);
  // Applying the uniform point over the edit: an undoable edit.
  await page.locator('[data-testid="pareto.point"][data-method="uniform"]').first().click();
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  const pointIds = async () => (await page.getByTestId('pareto.point').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')))).sort();
  const before = await pointIds();
  expect(before.length).toBeGreaterThanOrEqual(3); // analysis, uniform 4 bits, manual
  await page.waitForTimeout(700); // persistence is debounced

  await page.reload();
  await studio.waitUntilIdle();
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  await expect.poll(pointIds).toEqual(before);
  await expect(manual).toHaveCount(1);
  // Undo walks back through the restored history: the point's application, the edit, the method run.
  await expect(studio.undoButton).toBeEnabled();
  await studio.undoButton.click();
  await expect(studio.bitsInput(names[0])).toHaveValue('6');
  await studio.undoButton.click();
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
  await studio.undoButton.click();
  await expect(studio.bitsInput(names[0])).toHaveValue(analysed);
  await expect(studio.undoButton).toBeDisabled();
  // …and Redo brings them forward again.
  await studio.redoButton.click();
  await expect(studio.bitsInput(names[0])).toHaveValue('4');
});

test('Pareto: own marker and readable name per method, overlaps spread and listed, interesting y range with zoom', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.curve').click();
  await studio.waitUntilIdle();
  for (const m of ['knapsack', 'log-per-layer']) {
    await page.getByTestId('method.select').selectOption(m);
    await page.getByTestId('method.run').click();
    await studio.waitUntilIdle();
  }
  const legend = page.getByTestId('pareto.legend').locator('li[data-method]');
  const entries = await legend.evaluateAll((lis) => lis.map((li) => ({ method: li.getAttribute('data-method'), marker: li.getAttribute('data-marker'), text: li.textContent ?? '' })));
  expect(entries.map((e) => e.method)).toEqual(expect.arrayContaining(['uniform', 'knapsack', 'log-per-layer']));
  expect(new Set(entries.map((e) => e.marker)).size).toBe(entries.length);
  for (const e of entries) expect(e.text).not.toContain(e.method === 'uniform' ? 'uniform' : e.method!);

  // No two points share a spot: every drawn marker's centre is distinct.
  const centres = await page.getByTestId('pareto.point').evaluateAll((gs) => gs.map((g) => {
    const r = g.getBoundingClientRect();
    return `${Math.round(r.left + r.width / 2)},${Math.round(r.top + r.height / 2)}`;
  }));
  expect(new Set(centres).size).toBe(centres.length);

  // The 2-bit point is far below the rest: the axis starts at the interesting range, "Show all" widens it.
  const yMin = page.getByTestId('pareto.yMin');
  const fitted = Number(await yMin.inputValue());
  expect(fitted).toBeGreaterThan(0);
  await expect(page.getByTestId('pareto.below')).toBeVisible();
  await page.getByTestId('pareto.yFull').click();
  expect(Number(await yMin.inputValue())).toBeLessThan(fitted);
  await expect(page.getByTestId('pareto.below')).toHaveCount(0);
  await yMin.fill('90');
  await expect(yMin).toHaveValue('90');
  await page.getByTestId('pareto.yFit').click();
  await expect(yMin).toHaveValue(String(fitted));

  // One Tab stop; arrows move between points, each with a visible focus ring.
  const tabStops = await page.getByTestId('pareto.point').evaluateAll((gs) => gs.filter((g) => g.getAttribute('tabindex') === '0').length);
  expect(tabStops).toBe(1);
  const stop = page.locator('[data-testid="pareto.point"][tabindex="0"]');
  await stop.focus();
  const ring = async () => page.evaluate(() => {
    const ring = document.activeElement?.querySelector('.pareto-focus-ring');
    return ring ? getComputedStyle(ring).stroke : 'none';
  });
  expect(await ring()).toBe('rgb(0, 0, 0)');
  const before = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
  await page.keyboard.press('ArrowLeft');
  const after = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
  expect(after).not.toBe(before);
  expect(await ring()).toBe('rgb(0, 0, 0)');
  // The focused point's figures show in the tooltip; it follows the pointer to another point and goes when it leaves.
  const tip = page.getByTestId('pareto.tooltip');
  await expect(tip).toContainText(/Size: [\d.]+ KB/);
  await expect(tip).toContainText(/Top-1 accuracy|Accuracy: [\d.]+ %/);
  const label = await page.locator(`[data-testid="pareto.point"][data-id="${after}"]`).getAttribute('aria-label');
  expect(label).toContain((await tip.locator('strong').textContent())!.split(' ')[0]);
  const other = page.locator(`[data-testid="pareto.point"]:not([data-id="${after}"])`).first();
  await other.hover();
  await expect(tip).toHaveCount(1);
  await expect(tip).toContainText(/BitOPs: /);
  await page.mouse.move(1, 1);
  await page.keyboard.press('Tab');
  await expect(tip).toHaveCount(0);
});
