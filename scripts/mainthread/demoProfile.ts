/**
 * Main-thread profile of the demo's re-run analysis: the flow of e2e/jobs.spec.ts' "no long
 * task over 50 ms during a full analysis" (open the demo, let it settle, click Analyse, wait
 * until idle) against a served build, with a longtask observer; TRACE=1 also writes a Chrome
 * trace for scripts/mainthread/traceTasks.ts (the trace's own first task is its start).
 *
 *   npx vite build --minify false --outDir /tmp/dist-nomin && npx vite preview --outDir /tmp/dist-nomin --port 4433 &
 *   URL=http://localhost:4433 TRACE=1 OUT=/tmp/demo-prof npx tsx scripts/mainthread/demoProfile.ts
 *   npx tsx scripts/mainthread/traceTasks.ts /tmp/demo-prof/trace.json 20
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { analyseAndWait } from '../../e2e/inPage';
const url = process.env.URL ?? 'http://localhost:4433';
const out = process.env.OUT ?? '/tmp/demo-prof';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--no-first-run'] });
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: url })).newPage();
await page.addInitScript('globalThis.__name = (f) => f;');
await page.addInitScript(() => {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
});
await page.goto('/?backend=wasm');
await page.getByTestId('job.idle').waitFor({ timeout: 90_000 });
for (const id of ['bitmap.canvas', 'pareto.chart', 'scheme.chart']) await page.getByTestId(id).waitFor();
await page.waitForTimeout(800);
if (process.env.TRACE === '1') await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'v8', 'toplevel'] });
const { from } = await page.evaluate(analyseAndWait);
if (process.env.TRACE === '1') writeFileSync(`${out}/trace.json`, await browser.stopTracing());
const long = await page.evaluate((t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((e) => e.start >= t), from);
console.log('long tasks:', long.map((e) => `${Math.round(e.start - from)}:${Math.round(e.duration)}`).join(' '));
await browser.close();
