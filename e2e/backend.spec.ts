/** Issue 2: the demo loads on first open and lists its layers, on wasm and on webgpu. */
import { expect, test } from '@playwright/test';
import { Studio } from './pages/studio';

test('demo loads and lists its layers on wasm', async ({ page }) => {
  const wasmFetched: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmFetched.push(r.url()); });
  const studio = await new Studio(page).open('?backend=wasm');
  expect(await studio.backendName()).toBe('wasm');
  await expect(studio.backend).toContainText('wasm');
  // The threaded build runs its main loop in a pthread worker started from a blob: URL
  // (PROXY_TO_PTHREAD): the backend being ready proves the CSP lets threads run.
  expect(await studio.wasmBinary()).toBe('threaded-simd');
  expect(wasmFetched.some((u) => /threaded-simd.*\.wasm$/.test(u))).toBe(true);
  expect(studio.cspViolations).toEqual([]);
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
