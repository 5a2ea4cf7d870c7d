/**
 * The fused sweep kernel (src/kernels) agrees with its CPU twin on a real WebGPU
 * implementation: SwiftShader in headless Chromium. 1M random-normal elements, bits 2..8,
 * one scheme per shader variant (fixed = uniform, log2 = log m=1, log2-sqrt2 = log m=2):
 * SQNR within 0.01 dB (measured: < 1e-6 dB). Agreement only; timings are reported by
 * `npm run bench`, never asserted here.
 */
import { expect, test } from '@playwright/test';
import { startKernelPageServer, type KernelPageServer } from '../scripts/bench/kernelPageServer';
import type { KernelCheckResult } from '../src/kernels/kernelCheck';

let server: KernelPageServer;

test.beforeAll(async () => {
  server = await startKernelPageServer();
});

test.afterAll(async () => {
  await server?.close();
});

test('QsSweepError on WebGPU (SwiftShader) matches the CPU twin within 0.01 dB', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(server.url);
  await expect(page.getByTestId('kernel.status')).toHaveText('ready', { timeout: 120_000 });
  const hasGpu = await page.evaluate(() => Boolean((navigator as { gpu?: unknown }).gpu));
  // The suite runs Chromium with --enable-unsafe-webgpu: no WebGPU here is a failure, not a skip.
  expect(hasGpu, 'this Chromium exposes no WebGPU (is --enable-unsafe-webgpu set?)').toBe(true);
  const r = await page.evaluate(async () => {
    const check = (window as unknown as { __qsKernelCheck: (o: object) => Promise<KernelCheckResult> }).__qsKernelCheck;
    return check({ n: 1 << 20, seed: 7, repeats: 1, schemes: ['fixed', 'log2', 'log2-sqrt2'] });
  });
  expect(r.backend).toBe('webgpu');
  expect(r.rows.length).toBeGreaterThanOrEqual(2);
  for (const row of r.rows) {
    expect(row.gpu, row.scheme).toHaveLength(7);
    row.gpu.forEach((v, i) => {
      expect(typeof v, `${row.scheme} ${row.bits[i]} bits`).toBe('number');
      expect(Math.abs((v as number) - (row.twin[i] as number)), `${row.scheme} ${row.bits[i]} bits`).toBeLessThan(0.01);
    });
  }
});
