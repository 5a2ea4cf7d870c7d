/** The demo loads on first open and lists its layers, on wasm and on webgpu. */
import { expect, test } from './fixtures';

test('demo loads and lists its layers on wasm', async ({ page, studio }) => {
  const wasmFetched: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmFetched.push(r.url()); });
  await studio.open('?backend=wasm');
  expect(await studio.backendName()).toBe('wasm');
  await expect(studio.backend).toContainText('wasm');
  // The threaded build runs its main loop in a pthread worker started from a blob: URL
  // (PROXY_TO_PTHREAD): the backend being ready proves the CSP lets threads run.
  expect(await studio.wasmBinary()).toBe('threaded-simd');
  expect(wasmFetched.some((u) => /threaded-simd.*\.wasm$/.test(u))).toBe(true);
  expect(studio.cspViolations).toEqual([]);
  expect((await studio.layerNames()).length).toBeGreaterThanOrEqual(3);
  await expect(studio.rows.first().getByTestId('layers.sqnr')).toContainText('dB');
  await studio.screenshot('demo-wasm');
});

test('?backend=webgpu runs on webgpu and lists the same layers', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const expected = await studio.layerNames();
  await page.goto('/?backend=webgpu');
  await studio.waitUntilIdle();
  expect(await studio.backendName()).toBe('webgpu');
  await expect(studio.backend).toContainText('webgpu');
  expect(await studio.layerNames()).toEqual(expected);
  expect(studio.cspViolations).toEqual([]);
  await studio.screenshot('demo-webgpu');
});
