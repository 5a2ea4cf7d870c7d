/**
 * A model whose input matches no data (RGB 8×8 against the demo's 28×28 digits) still gets
 * every chart: analysis and evaluation run on seeded synthetic inputs, and the page says so.
 */
import '@tensorflow/tfjs-backend-cpu';
import { rgbModelFiles } from '../src/model/syntheticFixture';
import { expect, test } from './fixtures';

test('a model that fits no data is measured on synthetic inputs, and the page says so', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await studio.pickFileBytes(await rgbModelFiles());
  await expect.poll(() => studio.layerNames()).toEqual(['conv', 'fc']);
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
  await expect(page.getByTestId('summary.dataNote')).toContainText('synthetic');
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('4');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
  await expect(page.getByTestId('summary.method')).toHaveText('uniform');
  const pareto = page.getByTestId('pareto.chart');
  await expect(pareto).toContainText('Agreement');
  await expect(page.getByTestId('pareto.point').first()).toBeVisible();
  await expect(page.getByTestId('bitmap.canvas')).toBeVisible();
  await expect(page.getByTestId('scheme.chart')).toBeVisible();
});
