/** Issue 2: the demo loads on first open and lists its layers, on wasm and on webgpu. */
import { expect, test } from '@playwright/test';
import { Studio } from './pages/studio';

test('demo loads and lists its layers on wasm', async ({ page }) => {
  const studio = await new Studio(page).open('?backend=wasm');
  expect(await studio.backendName()).toBe('wasm');
  await expect(studio.backend).toContainText('wasm');
  const names = await studio.layerNames();
  expect(names.length).toBeGreaterThanOrEqual(3);
  await expect(studio.table).toBeVisible();
  await studio.screenshot('demo-wasm');
});

test('?backend=webgpu runs on webgpu and lists the same layers', async ({ page }) => {
  const wasm = await new Studio(page).open('?backend=wasm');
  const expected = await wasm.layerNames();
  const context = await page.context().browser()!.newContext();
  const other = await context.newPage();
  const studio = await new Studio(other).open('?backend=webgpu');
  expect(await studio.backendName()).toBe('webgpu');
  await expect(studio.backend).toContainText('webgpu');
  expect(await studio.layerNames()).toEqual(expected);
  await studio.screenshot('demo-webgpu');
  await context.close();
});
