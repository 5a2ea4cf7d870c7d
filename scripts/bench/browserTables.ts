/**
 * The browser half of `npm run bench`: runs scripts/bench/browser.ts's measurements and
 * turns them into tables, with every per-backend figure also given as a speed ratio
 * against the wasm run of the same benchmark (wasm = 1.00; > 1 is faster).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BACKENDS, BENCH_PAGE, builtAppHasHook, firstAnalysisMs, kernelCheck, launchChromium, startDevPages,
  startPreview, workerRun, type WorkerRun,
} from './browser';
import { fmt, na, seconds, type Table } from './report';

const CONFIGS = 6 * 7 * 2;

function demoNames(): string[] {
  const dir = resolve('public/models');
  return existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'model.json'))) : [];
}

const ratio = (base: number | undefined, v: number | undefined): string =>
  base && v ? (base / v).toFixed(2) : 'n/a';

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

async function guarded<T>(what: string, job: () => Promise<T>): Promise<T | string> {
  try {
    return await job();
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    console.log(`  ${what}: ${msg}`);
    return short(msg);
  }
}

export async function browserTables(o: {
  quick: boolean; calibration: number; kernel: boolean; worker: boolean; firstOpen: boolean;
}): Promise<{ tables: Table[]; targets: string[][] }> {
  const tables: Table[] = [];
  const targets: string[][] = [];
  const browser = await launchChromium();
  const dev = await startDevPages();
  const prev = o.worker || o.firstOpen ? await guarded('vite preview', () => startPreview()) : null;
  try {
    let evalRates = new Map<string, number>();
    let wasmFirst: number | undefined;
    if (o.kernel) {
      const n = o.quick ? 1 << 18 : 1 << 20;
      const k = await guarded('kernel check', () => kernelCheck(browser, dev, n));
      tables.push({
        title: `Browser: fused sweep kernel (QsSweepError) on WebGPU vs its CPU twin, ${fmt(n)} normal elements, bits 2..8`,
        note: typeof k === 'string' ? undefined
          : `Adapter: ${k.adapter.description} (fallback adapter: ${String(k.adapter.isFallbackAdapter)}). ` +
            'GPU time = upload-free kernel launch + partials download, mean of 2 after a compile run; twin = the cpu backend.',
        columns: ['scheme', 'WebGPU', 'CPU twin', 'GPU speed vs twin', 'GPU elem·bits/s', 'max |ΔSQNR|'],
        rows: typeof k === 'string' ? [[na(k), '', '', '', '', '']] : k.rows.map((r) => [
          r.scheme, `${r.gpuMs.toFixed(0)} ms`, `${r.twinMs.toFixed(0)} ms`, (r.twinMs / r.gpuMs).toFixed(2),
          fmt((n * r.bits.length) / (r.gpuMs / 1000)), `${r.maxAbsDiffDb.toExponential(1)} dB`]),
      });

    }
    if (o.worker) {
      const hasHook = typeof prev !== 'string' && prev !== null && (await builtAppHasHook(browser, prev.url));
      const driver = hasHook && typeof prev !== 'string' && prev
        ? { url: `${prev.url}?backend=cpu`, hook: '__qs' } : { url: dev.pageUrl(BENCH_PAGE), hook: '__qsBench' };
      const rows: string[][] = [];
      evalRates = new Map<string, number>();
      const fallbacks = new Set<string>();
      for (const demo of demoNames()) {
        const runs = new Map<string, WorkerRun>();
        for (const b of BACKENDS) {
          const r = await workerRun(browser, driver.url, driver.hook, b, demo, o.calibration);
          console.log(`  worker ${demo} ${b}: ${r.error ?? `${seconds(r.weightSweepWarmMs)} sweep`}`);
          runs.set(b, r);
        }
        const base = runs.get('wasm');
        for (const [b, r] of runs) {
          if (r.ranOn && r.ranOn !== b) fallbacks.add(`${demo} ${b} ran on ${r.ranOn}: ${short(r.reason ?? '', 160)}.`);
          if (r.evaluate && typeof r.evaluate !== 'string') evalRates.set(`${demo}:${b}`, r.evaluate.images / (r.evaluate.ms / 1000));
          if (r.error) {
            rows.push([demo, b, na(short(r.error, 60)), '', '', '', '', '', '', '']);
            continue;
          }
          const act = r.fullAnalysisMs !== undefined && r.weightSweepWarmMs !== undefined ? r.fullAnalysisMs - r.weightSweepWarmMs : undefined;
          const baseAct = base?.fullAnalysisMs !== undefined && base.weightSweepWarmMs !== undefined ? base.fullAnalysisMs - base.weightSweepWarmMs : undefined;
          rows.push([demo, `${b} → ${r.ranOn}`, `${r.loadMs?.toFixed(0)} ms`,
            `${r.weightSweepMs?.toFixed(0)} / ${r.weightSweepWarmMs?.toFixed(0)} ms`,
            fmt(((r.weights ?? 0) * CONFIGS) / ((r.weightSweepWarmMs ?? NaN) / 1000)),
            act === undefined ? 'n/a' : `${act.toFixed(0)} ms`,
            typeof r.evaluate === 'string' ? na(short(r.evaluate, 50)) : `${fmt(r.evaluate!.images / (r.evaluate!.ms / 1000))} img/s`,
            typeof r.ebsStep === 'string' ? na(short(r.ebsStep, 50)) : `${r.ebsStep!.ms.toFixed(0)} ms (1-step run ${seconds(r.ebsStep!.total1)})`,
            `${ratio(base?.weightSweepWarmMs, r.weightSweepWarmMs)} / ${ratio(baseAct, act)}`,
            ratio(base?.loadMs, r.loadMs)]);
        }
      }
      const fellBack = [...fallbacks].join(' ');
      tables.push({
        title: `Browser: the analysis worker per backend (${driver.hook === '__qs' ? 'built app, window.__qs' : 'bench page on the dev server, the app\'s worker bridge'})`,
        note: `Each backend in a fresh page/worker. weight sweep = analyze() without data (first / second call); ` +
          `activation sweep = analyze({calibration: ${o.calibration}}) on the demo digits minus the warm weight sweep ` +
          '(capture + sweep). eval = warm evaluate() of a 4-bit config: weights-only + fully quantized pass over the ' +
          'test images, counted as 2 × images. EBS step = (9-step run − 1-step run) / 8 via runMethod(\'ebs\'). ' +
          'Each capped at 180 s. Speed columns: wasm time / this time (wasm = 1.00).' + (fellBack ? ` Fallbacks: ${fellBack}` : ''),
        columns: ['model', 'backend → ran on', 'model load', 'weight sweep cold / warm', 'elem·cfg/s', `activation sweep (${o.calibration} img)`,
          'eval (quantized, test img)', 'EBS step', 'speed vs wasm (weights / activations)', 'load speed vs wasm'],
        rows: rows.length ? rows : [[na('no demo model in public/models'), '', '', '', '', '', '', '', '', '']],
      });

    }
    if (o.firstOpen) {
      const first: string[][] = [];
      if (typeof prev === 'string' || prev === null) {
        first.push([na(prev === null ? 'no build: run `npm run build` first' : prev), '', '', '']);
      } else {
        // webgpu last: SwiftShader keeps the GPU process busy after its page closes, which
        // slowed the next backend's page 4× when webgpu ran first. wasm and cpu: median of 3.
        for (const b of ['wasm', 'cpu', 'webgpu'] as const) {
          const runs = [];
          for (let i = 0; i < (b === 'webgpu' ? 1 : 3); i++) runs.push(await firstAnalysisMs(browser, prev.url, b));
          const timed = runs.filter((x) => x.ms !== undefined).sort((x, y) => x.ms! - y.ms!);
          const r = timed[Math.floor(timed.length / 2)] ?? runs[0];
          if (b === 'wasm') wasmFirst = r.ms;
          first.push([b, r.ranOn ?? '', r.ms !== undefined ? seconds(r.ms) : na(short(r.error ?? 'failed')),
            r.idleMs !== undefined ? seconds(r.idleMs) : r.ms !== undefined ? 'n/a (over 180 s)' : '']);
        }
      }
      tables.push({
        title: 'Browser: built app, page open → first full analysis (vite preview of dist/)',
        note: typeof prev === 'object' && prev ? `dist/ built ${prev.builtAt.toISOString()}. Fresh profile (no saved session): ` +
          'navigation until the layer table shows SQNR values (analysed), then until no job runs (the app evaluates ' +
          'the analysed config on the 2,000 test digits right after). wasm and cpu: the median of 3 page opens; webgpu: one, run last.' : undefined,
        columns: ['?backend=', 'ran on', 'open → analysed', 'open → analysed + evaluated'],
        rows: first,
      });
    }
    if (o.firstOpen) targets.push(['demo page open → first full analysis < 5 s (wasm, what auto picks without a real GPU)',
      wasmFirst === undefined ? 'n/a' : seconds(wasmFirst), wasmFirst === undefined ? 'not measured' : wasmFirst < 5000 ? 'met' : 'MISSED']);
    const lenetWasm = evalRates.get('lenet:wasm');
    if (o.worker) targets.push(['quantized LeNet evaluation ≥ 2,000 images/s on wasm', lenetWasm === undefined ? 'n/a' : `${fmt(lenetWasm)} img/s`,
      lenetWasm === undefined ? 'not measured' : lenetWasm >= 2000 ? 'met' : 'MISSED']);
  } finally {
    await browser.close();
    await dev.close();
    if (prev && typeof prev !== 'string') await prev.close();
  }
  return { tables, targets };
}
