/**
 * The analysis' weight sweep on the fused QsSweepError kernel (src/kernels/gpuSweepRunner.ts)
 * in the studio's worker on WebGPU — SwiftShader here, so `?gpuSweep=1` forces the kernel
 * (auto takes it only on a real GPU adapter). Its config equals a plain wasm run's: per-tensor
 * SQNR within 1e-3 dB, per-filter tables identical (both from the CPU). The two analyses'
 * times (from the status' data attributes) are logged, never asserted.
 */
import type { Browser } from '@playwright/test';
import type { SqnrJson, StudioConfig } from '../src/quant/types';
import { Studio } from './pages/studio';
import { expect, test } from './fixtures';

const TOLERANCE_DB = 1e-3;

/** A JSON SQNR as a number (null for an all-zero signal); undefined when missing. */
const num = (v: SqnrJson | undefined) => (v === 'Infinity' ? Infinity : v);

/**
 * Opens the demo with `query` in a page, waits until its analysis ran and exports its config.
 * The accuracy evaluation that follows the analysis takes minutes on SwiftShader and holds
 * the worker's queue (the export's schema check waits behind it), so the WebGPU run cancels it.
 */
async function analysed(studio: Studio, query: string, cancelEvaluation: boolean) {
  const t0 = Date.now();
  await studio.page.goto(`/${query}`);
  await expect(studio.rows.first()).toBeVisible({ timeout: 120_000 });
  await expect(studio.weightSweep).toHaveAttribute('data-path', /\w/, { timeout: 120_000 });
  const openMs = Date.now() - t0;
  if (cancelEvaluation) {
    // The evaluation job starts just after the analysis ends: retry until a click lands on it.
    await expect(async () => {
      // A DOM click, as e2e/jobs.spec.ts does: the bar re-renders with every progress update.
      if (await studio.cancel.isVisible()) await studio.cancel.evaluate((b) => (b as HTMLButtonElement).click(), null, { timeout: 2_000 });
      await expect(studio.idle).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 120_000 });
  }
  await expect(studio.idle).toBeVisible({ timeout: 90_000 });
  const attr = async (name: string) => (await studio.weightSweep.getAttribute(name)) ?? '';
  const { json } = await studio.downloadJson<StudioConfig>(studio.exportButton);
  const tableSqnr = await studio.rows.evaluateAll((rows) =>
    rows.map((r) => r.querySelector('[data-testid="layers.sqnr"]')?.textContent ?? ''));
  return {
    config: json, tableSqnr, openMs,
    path: await attr('data-path'), backend: await attr('data-backend'),
    sweepMs: Number(await attr('data-ms')), analysisMs: Number(await attr('data-analysis-ms')),
    kernelLayers: Number(await attr('data-kernel-layers')), text: (await studio.weightSweep.textContent()) ?? '',
  };
}

/** A second, fresh context (no saved session, so its first open analyses too), like the fixture's. */
async function freshStudio(browser: Browser, baseURL: string | undefined): Promise<Studio> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  return new Studio(await context.newPage());
}

test('?backend=webgpu&gpuSweep=1: the weight sweep runs on the GPU kernel and matches a wasm run', async ({ studio, browser, baseURL }) => {
  test.setTimeout(300_000);
  const wasm = await analysed(studio, '?backend=wasm', false);
  expect(await studio.backendName()).toBe('wasm');
  expect(wasm.path).toBe('cpu');
  expect(wasm.text).toBe('weight sweep: CPU');

  const gpuStudio = await freshStudio(browser, baseURL);
  const foreign: string[] = [];
  gpuStudio.page.on('request', (r) => {
    if (!/^(data|blob):/.test(r.url()) && new URL(r.url()).origin !== new URL(baseURL!).origin) foreign.push(r.url());
  });
  try {
    const gpu = await analysed(gpuStudio, '?backend=webgpu&gpuSweep=1', true);
    expect(await gpuStudio.backendName()).toBe('webgpu');
    expect(gpu.path).toBe('kernel');
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.text).toBe('weight sweep: GPU kernel');
    await expect(gpuStudio.weightSweep).toHaveAttribute('title', /forced by \?gpuSweep=1/);
    expect(gpu.kernelLayers).toBe(gpu.config.layers.length);
    expect(gpuStudio.page.url()).toContain('gpuSweep=1'); // the URL keeps the switch
    expect(foreign, 'requests to other origins').toEqual([]);

    expect(gpu.config.model.hash).toBe(wasm.config.model.hash);
    expect(gpu.config.layers.map((l) => l.name)).toEqual(wasm.config.layers.map((l) => l.name));
    expect(gpu.tableSqnr).toEqual(wasm.tableSqnr);
    let compared = 0;
    wasm.config.layers.forEach((w, i) => {
      const g = gpu.config.layers[i];
      const [gt, wt0] = [num(g.sqnr?.weightsDb), num(w.sqnr?.weightsDb)];
      expect(typeof wt0, `${w.name} table SQNR`).toBe('number');
      expect(Math.abs(gt! - wt0!), `${w.name} table SQNR`).toBeLessThan(TOLERANCE_DB);
      expect(g.sweep?.weightsPerFilter, `${w.name} per-filter`).toEqual(w.sweep?.weightsPerFilter);
      const wt = w.sweep!.weights;
      expect(Object.keys(g.sweep!.weights)).toEqual(Object.keys(wt));
      for (const [scheme, row] of Object.entries(wt)) {
        for (const [bits, v] of Object.entries(row!)) {
          const a = num(g.sweep!.weights[scheme as keyof typeof wt]![bits]);
          const b = num(v);
          const label = `${w.name} ${scheme} ${bits} bits`;
          if (typeof b !== 'number' || !Number.isFinite(b)) expect(a, label).toBe(b);
          else expect(Math.abs(a! - b), label).toBeLessThan(TOLERANCE_DB);
          compared++;
        }
      }
    });
    expect(compared).toBe(wasm.config.layers.length * 6 * 7);

    const timing = `SwiftShader, demo ${wasm.config.model.name}, ${wasm.config.layers.length} layers: ` +
      `weight sweep GPU kernel ${gpu.sweepMs} ms vs wasm (CPU sweep) ${wasm.sweepMs} ms; ` +
      `whole analysis ${gpu.analysisMs} ms vs ${wasm.analysisMs} ms; open→analysed ${gpu.openMs} ms vs ${wasm.openMs} ms`;
    test.info().annotations.push({ type: 'timing', description: timing });
    console.log(timing);
  } finally {
    await gpuStudio.page.context().close();
  }
});
