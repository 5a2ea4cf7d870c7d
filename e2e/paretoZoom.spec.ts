/**
 * The Pareto chart zooms: a drag over the plot zooms both axes to the box (drawn while
 * dragging), points outside the box are no longer drawn and are counted in a note, Reset
 * zoom and a double-click bring the default view back; + / − / 0 and the zoom buttons do
 * the same from the keyboard; axe finds nothing serious in the zoomed state.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface View { x: string | null; y: string | null; xTicks: string[]; yTicks: string[]; ids: string[] }

async function view(page: Page): Promise<View> {
  const plot = page.getByTestId('pareto.plot');
  const ticks = (side: string) => plot.locator(`text.pareto-tick[data-axis="${side}"]`).allTextContents();
  return {
    x: await plot.getAttribute('data-x-domain'),
    y: await plot.getAttribute('data-y-domain'),
    xTicks: await ticks('x'),
    yTicks: await ticks('y'),
    ids: (await page.getByTestId('pareto.point').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id') ?? ''))).sort(),
  };
}

/** Every drawn point's centre on screen, by id. */
async function centres(page: Page): Promise<{ id: string; x: number; y: number }[]> {
  return page.getByTestId('pareto.point').evaluateAll((gs) => gs.map((g) => {
    const r = g.getBoundingClientRect();
    return { id: g.getAttribute('data-id') ?? '', x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }));
}

test('dragging a box over the Pareto chart zooms both axes, counts the points it hides, and Reset / double-click restore the view', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.curve').click();
  await studio.waitUntilIdle();
  await page.getByTestId('pareto.chart').scrollIntoViewIfNeeded();
  // Every point drawn first, so the box decides alone what is hidden.
  await page.getByTestId('pareto.yFull').click();
  await expect(page.getByTestId('pareto.below')).toHaveCount(0);
  const plot = page.getByTestId('pareto.plot');
  await expect(plot).toHaveAttribute('data-zoomed', 'false');
  await expect(page.getByTestId('pareto.zoomReset')).toBeDisabled();
  await expect.poll(() => page.getByTestId('pareto.point').count()).toBeGreaterThanOrEqual(4);
  const before = await view(page);

  // A box from between the two leftmost points to the right edge, and from the top down to between the two lowest points.
  const grid = (await plot.locator('.recharts-cartesian-grid').boundingBox())!;
  const pts = await centres(page);
  const byX = [...pts].sort((a, b) => a.x - b.x);
  const byY = [...pts].sort((a, b) => b.y - a.y);
  const box = {
    left: (byX[0].x + byX[1].x) / 2, right: grid.x + grid.width - 2,
    top: grid.y + 2, bottom: (byY[0].y + byY[1].y) / 2,
  };
  expect(box.right - box.left).toBeGreaterThan(20);
  expect(box.bottom - box.top).toBeGreaterThan(20);
  const inBox = pts.filter((p) => p.x > box.left && p.x < box.right && p.y > box.top && p.y < box.bottom).map((p) => p.id).sort();
  const hidden = pts.length - inBox.length;
  expect(hidden).toBeGreaterThanOrEqual(1);
  expect(inBox.length).toBeGreaterThanOrEqual(1);

  await page.mouse.move(box.left, box.top);
  await page.mouse.down();
  await page.mouse.move((box.left + box.right) / 2, (box.top + box.bottom) / 2, { steps: 4 });
  // The selection is drawn while dragging.
  await expect(plot.locator('.pareto-selection')).toHaveCount(1);
  await page.mouse.move(box.right, box.bottom, { steps: 4 });
  await page.mouse.up();
  await expect(plot.locator('.pareto-selection')).toHaveCount(0);

  await expect(plot).toHaveAttribute('data-zoomed', 'true');
  const zoomed = await view(page);
  expect(zoomed.x).not.toBe(before.x);
  expect(zoomed.y).not.toBe(before.y);
  expect(zoomed.xTicks).not.toEqual(before.xTicks);
  expect(zoomed.yTicks).not.toEqual(before.yTicks);
  // The new domain lies inside the old one on both axes, and no tick reads "NaN".
  const [bx0, bx1] = before.x!.split(',').map(Number);
  const [zx0, zx1] = zoomed.x!.split(',').map(Number);
  const [by0, by1] = before.y!.split(',').map(Number);
  const [zy0, zy1] = zoomed.y!.split(',').map(Number);
  expect(zx0).toBeGreaterThan(bx0);
  expect(zx1).toBeLessThanOrEqual(bx1);
  expect(zy0).toBeGreaterThan(by0);
  expect(zy1).toBeLessThanOrEqual(by1);
  for (const t of [...zoomed.xTicks, ...zoomed.yTicks]) expect(t).not.toMatch(/NaN|Infinity/);
  // Exactly the points inside the box are drawn; the others are counted.
  expect(zoomed.ids).toEqual(inBox);
  await expect(page.getByTestId('pareto.outside')).toContainText(`${hidden} point${hidden === 1 ? '' : 's'} outside the view`);
  await expect(page.getByTestId('pareto.chart')).toContainText(`${pts.length} configurations`);
  expect(await axeSerious(page), 'zoomed').toEqual([]);

  // Reset zoom restores the view exactly.
  await page.getByTestId('pareto.zoomReset').click();
  await expect(plot).toHaveAttribute('data-zoomed', 'false');
  expect(await view(page)).toEqual(before);
  await expect(page.getByTestId('pareto.outside')).toHaveCount(0);

  // A band (a drag along x only) zooms x alone; a double-click off the points resets.
  const y = grid.y + grid.height / 2;
  await page.mouse.move(box.left, y);
  await page.mouse.down();
  await page.mouse.move(box.right, y + 1, { steps: 6 });
  await page.mouse.up();
  await expect(plot).toHaveAttribute('data-zoomed', 'true');
  const band = await view(page);
  expect(band.x).not.toBe(before.x);
  expect(band.y).toBe(before.y);
  const empty = await emptySpot(page, grid);
  await page.mouse.dblclick(empty.x, empty.y);
  await expect(plot).toHaveAttribute('data-zoomed', 'false');
  expect(await view(page)).toEqual(before);
});

test('the Pareto zoom works from the keyboard: + / − around the focused point, 0 resets, and the zoom buttons', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.curve').click();
  await studio.waitUntilIdle();
  const plot = page.getByTestId('pareto.plot');
  const before = await view(page);
  const stop = page.locator('[data-testid="pareto.point"][tabindex="0"]');
  await stop.focus();
  const focused = await stop.getAttribute('data-id');
  await page.keyboard.press('+');
  await expect(plot).toHaveAttribute('data-zoomed', 'true');
  const zoomed = await view(page);
  expect(zoomed.x).not.toBe(before.x);
  // The focused point stays drawn and keeps the focus.
  expect(zoomed.ids).toContain(focused);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(focused);
  // Zooming out twice from there goes past the default view (both axes wider); 0 resets.
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(plot).toHaveAttribute('data-zoomed', 'true');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(focused);
  const out = await view(page);
  expect(Number(out.y!.split(',')[0])).toBeLessThan(Number(before.y!.split(',')[0]));
  await page.keyboard.press('0');
  await expect(plot).toHaveAttribute('data-zoomed', 'false');
  expect(await view(page)).toEqual(before);

  await page.getByTestId('pareto.zoomIn').click();
  await expect(plot).toHaveAttribute('data-zoomed', 'true');
  await expect(page.getByTestId('pareto.zoomReset')).toBeEnabled();
  await page.getByTestId('pareto.zoomReset').focus();
  await page.keyboard.press('Enter');
  await expect(plot).toHaveAttribute('data-zoomed', 'false');
  expect(await view(page)).toEqual(before);
});

async function axeSerious(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="pareto.chart"]').analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

/** A spot on the plot at least 24 px from every point. */
async function emptySpot(page: Page, grid: { x: number; y: number; width: number; height: number }): Promise<{ x: number; y: number }> {
  const pts = await centres(page);
  for (let fy = 0.1; fy < 1; fy += 0.1) {
    for (let fx = 0.1; fx < 1; fx += 0.1) {
      const s = { x: grid.x + fx * grid.width, y: grid.y + fy * grid.height };
      if (pts.every((p) => Math.hypot(p.x - s.x, p.y - s.y) > 24)) return s;
    }
  }
  throw new Error('no empty spot on the plot');
}
