/**
 * Headless Chromium (system binary, SwiftShader WebGPU) measurements:
 *  - the fused sweep kernel on WebGPU vs its CPU twin (kernel-check page);
 *  - per backend, through the app's own worker (window.__qs of the built app if it exists,
 *    else the bench page's bridge on the dev server): model load, weight sweep, activation
 *    sweep on N calibration images, evaluation and one EBS step (when the worker has them);
 *  - page open → first full analysis of the built app (`vite preview` of dist/).
 * Timings are reported, never asserted.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM } from './machine';
import { BENCH_PAGE, startKernelPageServer, type KernelPageServer } from './kernelPageServer';
import type { KernelCheckResult } from '../../src/kernels/kernelCheck';
import type { StudioConfig } from '../../src/quant/types';
import type { worker } from '../../src/app/bridge';

/** The app's worker bridge as the bench page exposes it (scripts/bench/page/benchPage.ts). */
type Bridge = typeof worker;

export const BACKENDS = ['webgpu', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--enable-features=Vulkan', '--use-angle=swiftshader'],
  });
}

export async function kernelCheck(browser: Browser, server: KernelPageServer, n: number): Promise<KernelCheckResult> {
  const page = await browser.newPage();
  try {
    await page.goto(server.url);
    await page.getByTestId('kernel.status').filter({ hasText: 'ready' }).waitFor({ timeout: 180_000 });
    return await page.evaluate(async (size) => {
      const check = (window as unknown as { __qsKernelCheck: (o: object) => Promise<KernelCheckResult> }).__qsKernelCheck;
      return check({ n: size, seed: 3, repeats: 2 });
    }, n);
  } finally {
    await page.close();
  }
}

export interface WorkerRun {
  backend: Backend;
  driver: string;
  ranOn?: string;
  reason?: string;
  error?: string;
  initMs?: number;
  loadMs?: number;
  weights?: number;
  layers?: number;
  weightSweepMs?: number;
  weightSweepWarmMs?: number;
  fullAnalysisMs?: number;
  calibration?: number;
  images?: number;
  /** Warm evaluate() of a 4-bit config: images = forward passes (weights-only + full) × test images. */
  evaluate?: { ms: number; images: number } | string;
  /** (time of a 9-step EBS run − a 1-step run) / 8, and the 1-step run's total (setup + evaluation). */
  ebsStep?: { ms: number; total1: number } | string;
}

/** Page-side driver: runs in the browser, talks to `worker` (the app's bridge object, typed from the worker's API). */
async function drive(args: { backend: string; demo: string; calibration: number; hook: string }) {
  const w = (window as unknown as Record<string, { worker: Bridge }>)[args.hook].worker;
  const out: Record<string, unknown> = {};
  const time = async <T>(key: string, job: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const v = await job();
    out[key] = performance.now() - t0;
    return v;
  };
  const info = await time('initMs', () => w.initBackend(undefined, args.backend === 'webgpu' ? 'webgpu' : args.backend === 'wasm' ? 'wasm' : 'cpu'));
  out.ranOn = info.name;
  out.reason = info.reason;
  const s = await time('loadMs', () => w.loadDemo(undefined, args.demo));
  const model = s.model;
  if (!model) throw new Error('the demo loaded no model');
  out.layers = model.layers.length;
  out.weights = model.layers.reduce((a, l) => a + l.params, 0);
  // `force`: every timed analysis runs (the worker would answer a repeat from its cache).
  const analyze = (calibration?: number) => w.analyze(undefined, calibration === undefined ? {} : { calibration }, () => undefined, true);
  await time('weightSweepMs', () => analyze());
  await time('weightSweepWarmMs', () => analyze());
  const data = await w.useDemoData(undefined);
  out.images = data.data?.count;
  const cfg = await time('fullAnalysisMs', () => analyze(args.calibration));
  (window as unknown as { __benchConfig: unknown }).__benchConfig = cfg.config;
  return out;
}

/** Page-side: evaluation throughput and one EBS step, each capped at `capMs` (SwiftShader is slow). */
async function driveMethods(args: { hook: string; capMs: number }) {
  const w = (window as unknown as Record<string, { worker: Bridge }>)[args.hook].worker;
  const cfg = (window as unknown as { __benchConfig?: StudioConfig }).__benchConfig;
  const capped = async (job: () => Promise<unknown>): Promise<number | string> => {
    const t0 = performance.now();
    const timeout = new Promise<string>((r) => setTimeout(() => r(`over ${args.capMs / 1000} s`), args.capMs));
    const r = await Promise.race([job().then(() => performance.now() - t0), timeout]);
    return r;
  };
  const out: Record<string, number | string> = {};
  if (!cfg) return { evaluate: 'no analysis config', ebs: 'no analysis config' };
  // Warm-up: the float reference pass and the calibration are cached per model + data.
  out.evalColdMs = await capped(() => w.evaluate(undefined, cfg));
  if (typeof out.evalColdMs === 'string') return { ...out, ebs1Ms: `skipped (evaluate ${out.evalColdMs})` };
  const cfg4: StudioConfig = { ...cfg, layers: cfg.layers.map((l) => ({ ...l, weights: { ...l.weights, bits: 4, scales: undefined } })) };
  out.evalMs = await capped(() => w.evaluate(undefined, cfg4));
  // EBS starts from the last analysis (the full one above), which the worker keeps by id.
  const opts = { calibration: cfg.data?.calibration };
  out.ebs1Ms = await capped(() => w.runMethod(undefined, 'ebs', 0.3, () => undefined, opts, { steps: 1 }));
  if (typeof out.ebs1Ms === 'number') {
    out.ebs9Ms = await capped(() => w.runMethod(undefined, 'ebs', 0.3, () => undefined, opts, { steps: 9 }));
  }
  return out;
}

export async function workerRun(browser: Browser, url: string, hook: string, backend: Backend, demo: string, calibration: number): Promise<WorkerRun> {
  const page: Page = await browser.newPage();
  const run: WorkerRun = { backend, driver: hook === '__qs' ? 'built app (window.__qs)' : 'bench page (dev server, app bridge)', calibration };
  try {
    // tsx/esbuild (keepNames) wraps nested functions in __name(); give the page a no-op one.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(url);
    await page.waitForFunction((h) => Boolean((window as unknown as Record<string, unknown>)[h]), hook, { timeout: 180_000 });
    Object.assign(run, await page.evaluate(drive, { backend, demo, calibration, hook }));
    const m = await page.evaluate(driveMethods, { hook, capMs: 180_000 });
    // evaluate() of a fresh config = one weights-only and one fully quantized pass over the images.
    run.evaluate = typeof m.evalMs === 'number' ? { ms: m.evalMs, images: 2 * (run.images ?? 0) }
      : `evaluate: ${String(m.evalMs ?? m.evalColdMs ?? m.evaluate)}`;
    run.ebsStep = typeof m.ebs1Ms === 'number' && typeof m.ebs9Ms === 'number'
      ? { ms: Math.max(0, (m.ebs9Ms - m.ebs1Ms) / 8), total1: m.ebs1Ms }
      : `EBS: ${String(m.ebs9Ms ?? m.ebs1Ms ?? m.ebs)}`;
  } catch (e) {
    run.error = (e as Error).message.split('\n')[0];
  } finally {
    await page.close();
  }
  return run;
}

/** Serve dist/ with `vite preview` on a free port; null when there is no build. */
export async function startPreview(root = process.cwd()): Promise<{ url: string; close(): Promise<void>; builtAt: Date } | null> {
  const index = resolve(root, 'dist/index.html');
  if (!existsSync(index)) return null;
  const server = await preview({
    root, configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn',
    preview: { port: 0, strictPort: false, host: '127.0.0.1', open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview reported no URL');
  return { url, builtAt: statSync(index).mtime, close: () => new Promise<void>((r) => server.httpServer.close(() => r())) };
}

/** Does the built app expose window.__qs (the UI's test/bench hook)? */
export async function builtAppHasHook(browser: Browser, url: string): Promise<boolean> {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}?backend=cpu`);
    return await page.waitForFunction(() => Boolean((window as unknown as { __qs?: unknown }).__qs), undefined, { timeout: 15_000 })
      .then(() => true, () => false);
  } finally {
    await page.close();
  }
}

/**
 * Built app: time from navigation until the layer table shows SQNR values (the analysis is
 * done), and until no job runs (the app evaluates the analysed config right after).
 */
export async function firstAnalysisMs(browser: Browser, url: string, backend: Backend): Promise<{ ms?: number; idleMs?: number; ranOn?: string; error?: string }> {
  const context = await browser.newContext(); // fresh storage: no saved session
  const page = await context.newPage();
  try {
    const t0 = performance.now();
    await page.goto(`${url}?backend=${backend}`);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="layers.sqnr"]')]
      .some((e) => /\d/.test(e.textContent ?? '')), undefined, { timeout: 120_000, polling: 50 });
    const ms = performance.now() - t0;
    const ranOn = (await page.getByTestId('status.backend').getAttribute('data-backend')) ?? undefined;
    const idleMs = await page.getByTestId('job.idle').waitFor({ timeout: 180_000 }).then(() => performance.now() - t0, () => undefined);
    return { ms, idleMs, ranOn };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] };
  } finally {
    await context.close();
  }
}

export async function startDevPages(): Promise<KernelPageServer> {
  return startKernelPageServer(process.cwd(), true);
}

export { BENCH_PAGE };
