/**
 * Accessible and responsive: axe-core run in the page finds no serious or critical
 * violation (initial, layer selected, tour open); one Tab stop per table with arrow keys
 * inside; a skip link; focus kept after Run; a layout without sideways scroll at 390, 1024
 * and 1440 px, the table fitting without a horizontal scroll where it sits beside the detail;
 * the same keyboard and axe checks on a 74-layer table, which draws only the rows in view;
 * the scheme chart as one Tab stop whose arrow keys show each layer's SQNRs.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { writeGeneratedGraph } from './models/generatedGraph';

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('axe-core: no serious or critical violation initially, with a layer selected, and with the tour open', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  expect(await seriousViolations(page), 'initial').toEqual([]);
  await studio.row('conv2').click();
  await expect(studio.detail).toContainText('conv2');
  expect(await seriousViolations(page), 'layer selected').toEqual([]);
  await page.getByTestId('tour.open').click();
  await expect(page.getByTestId('tour')).toBeVisible();
  expect(await seriousViolations(page), 'tour open').toEqual([]);
});

test('keyboard: a skip link, one Tab stop per table with arrows inside, focus kept after Run', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  // Every panel has a heading.
  for (const h of ['Model and data', 'Methods', 'Layers', 'Layer detail', 'Bits per filter']) {
    await expect(page.getByRole('heading', { name: h, exact: false }).first()).toBeVisible();
  }
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip.link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();

  // The table is one Tab stop: Tab from the element before it lands on a row, the next Tab leaves the table.
  const rows = studio.rows;
  await rows.first().focus();
  await page.keyboard.press('Tab');
  const after = await page.evaluate(() => document.activeElement?.closest('[data-testid="layers.table"]') !== null);
  expect(after, 'one Tab leaves the table').toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(studio.bitsInput(await studio.layerNames().then((n) => n[1]))).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(rows.nth(1).getByTestId('layers.scheme')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('layers.sort.index')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.first()).toBeFocused();

  // Focus stays on Run after the job it started (not dropped to <body>).
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('5');
  await page.getByTestId('method.run').focus();
  await page.keyboard.press('Enter');
  await studio.waitUntilIdle();
  await expect(page.getByTestId('summary.method')).toHaveText('uniform');
  await expect(page.getByTestId('method.run')).toBeFocused();
});

for (const width of [390, 1024, 1440]) {
  test(`layout at ${width} px: no sideways page scroll, header controls reachable, table without horizontal scroll`, async ({ page, studio }) => {
    await page.setViewportSize({ width, height: 900 });
    await studio.open('?backend=wasm');
    const page_ = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(page_.scroll, 'page width').toBeLessThanOrEqual(page_.client);
    for (const id of ['analysis.run', 'edit.undo', 'export.config', 'tour.open', 'status.backendSelect']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x, id).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(width);
    }
    const table = await page.getByTestId('layers.table').evaluate((t) => {
      const s = t.parentElement!;
      return { scroll: s.scrollWidth, client: s.clientWidth };
    });
    expect(table.scroll, 'table width').toBeLessThanOrEqual(table.client);
    // Bits, scheme and SQNR stay visible at every width.
    await expect(studio.rows.first().getByTestId('layers.sqnr')).toBeVisible();
    await expect(studio.rows.first().getByTestId('layers.scheme')).toBeVisible();
    // The teaching panel folds away (and is folded by default on a phone).
    const toggle = page.getByTestId('teach.toggle');
    await expect(toggle).toHaveAttribute('aria-expanded', width <= 600 ? 'false' : 'true');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', width <= 600 ? 'true' : 'false');
  });
}

test('a 74-layer table draws only the rows in view and keeps its one Tab stop, arrows, Home/End and axe', async ({ page, studio }) => {
  test.setTimeout(240_000);
  const { files, layers } = writeGeneratedGraph(test.info().outputPath('generated-graph'));
  await studio.open('?backend=wasm');
  for (const id of ['bitmap.canvas', 'pareto.chart', 'scheme.chart']) await expect(page.getByTestId(id)).toBeVisible();
  await studio.pickFiles(files);
  await expect(page.getByTestId('model.name')).toContainText(`${layers} quantizable layers`, { timeout: 60_000 });
  await expect(studio.table).toHaveAttribute('aria-rowcount', String(layers + 1));
  const drawn = await studio.rows.count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(layers);
  const rows = studio.rows;
  await expect(rows.first()).toHaveAttribute('aria-rowindex', '2');
  await rows.first().focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="layers.table"]') !== null), 'one Tab leaves the table').toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(rows.first()).toBeFocused();
  // End reaches the last layer, far outside the first rows drawn: it is drawn, focused, selected and in view.
  await page.keyboard.press('End');
  const last = page.locator(`[data-testid="layers.row"][aria-rowindex="${layers + 1}"]`);
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toBeInViewport();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator(`[data-testid="layers.row"][aria-rowindex="${layers}"]`)).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(page.locator(`[data-testid="layers.row"][aria-rowindex="${layers - 10}"]`)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(rows.first()).toBeFocused();
  await expect(rows.first()).toBeInViewport();
  // Scrolled away with the wheel, the active row stays drawn: Tab still lands on it.
  await page.getByTestId('layers.table').locator('..').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(page.locator(`[data-testid="layers.row"][aria-rowindex="${layers + 1}"]`)).toBeAttached();
  await expect(rows.first()).toHaveAttribute('tabindex', '0');
  expect(await seriousViolations(page), '74-layer table').toEqual([]);
});

test('scheme chart: one Tab stop, arrow keys show a layer\'s SQNRs, Enter opens its curves, hover shows them too', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const names = await studio.layerNames();
  const plot = page.getByTestId('scheme.plot');
  await plot.scrollIntoViewIfNeeded();
  await plot.focus();
  const tip = plot.locator('.scheme-tooltip');
  await expect(tip).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(tip).toContainText(names[0]);
  await expect(tip).toContainText(/fixed-point: [\d.]+ dB/);
  await page.keyboard.press('ArrowRight');
  await expect(tip).toContainText(names[1]);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scheme.curves')).toBeVisible();
  await expect(page.getByTestId('scheme.layer')).toHaveValue('1');
  await page.keyboard.press('End');
  await expect(tip).toContainText(names[names.length - 1]);
  // One Tab stop: the next Tab leaves the chart.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="scheme.plot"]') !== null)).toBe(false);
  await expect(tip).toHaveCount(0);
  // The pointer shows the same figures.
  await plot.locator('.scheme-bar').first().hover();
  await expect(tip).toContainText(names[0]);
});
