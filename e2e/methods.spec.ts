/** Methods from the UI, a shared link that reproduces a view, and screenshots of the main views. */
import { copyFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test('running a method replaces the config and adds an evaluated Pareto point', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await expect(page.getByTestId('summary.method')).toHaveText(/analysis/);
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('4');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await expect(page.getByTestId('summary.method')).toHaveText('uniform');
  for (const name of await studio.layerNames()) await expect(studio.bitsInput(name)).toHaveValue('4');
  await expect(page.getByTestId('pareto.point')).toHaveCount(2);
  await expect(page).toHaveURL(/bits=4/);
});

test('a link with method, bits and layer reproduces the view', async ({ page, studio }) => {
  await studio.open('?backend=wasm&method=uniform&bits=5&layer=conv2');
  await expect(page.getByTestId('summary.method')).toHaveText('uniform');
  await expect(studio.bitsInput('conv2')).toHaveValue('5');
  await expect(studio.row('conv2')).toHaveAttribute('aria-selected', 'true');
  await expect(studio.detail).toContainText('conv2');
});

test('screenshots of the main views', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await studio.row('conv2').click();
  await expect(page.getByTestId('teach.histogram')).toBeVisible();
  await studio.screenshot('main');
  await page.getByTestId('pareto.chart').scrollIntoViewIfNeeded();
  await studio.screenshot('charts');
  await page.screenshot({ path: 'test-results/screens/full.png', fullPage: true });
  if (process.env.UPDATE_DOCS_SCREENSHOT) copyFileSync('test-results/screens/main.png', 'docs/screenshot.png');
});
