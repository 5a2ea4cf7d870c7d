/**
 * Main-thread profile of the studio on the 74-layer generated graph (e2e/models/generatedGraph.ts):
 * the flow of e2e/jobs.spec.ts' long-task test (drop → analysis → evaluation → one method →
 * config export) against a served build, with a longtask observer; TRACE=1 also writes a Chrome
 * trace (timeline + CPU samples) for scripts/mainthread/traceTasks.ts.
 *
 *   npx vite build && npx vite preview --port 4412 &
 *   URL=http://localhost:4412 TRACE=1 OUT=/tmp/mt npx tsx scripts/mainthread/profile.ts
 *   npx tsx scripts/mainthread/traceTasks.ts /tmp/mt/trace.json 30
 *
 * For names in the samples, profile a build made with `npx vite build --minify false`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { writeGeneratedGraph } from '../../e2e/models/generatedGraph';

interface LongTask { start: number; duration: number }

const url = process.env.URL ?? 'http://localhost:4412';
const out = process.env.OUT ?? '/tmp/mainthread-profile';
const trace = process.env.TRACE === '1';
mkdirSync(out, { recursive: true });
const { files, layers } = writeGeneratedGraph(`${out}/graph`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-angle=swiftshader', '--disable-background-networking', '--no-first-run'],
});
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, baseURL: url })).newPage();
// tsx names functions with a __name helper the page lacks.
await page.addInitScript('globalThis.__name = (f) => f;');
await page.addInitScript(() => {
  const w = window as unknown as { __longTasks: LongTask[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
});
await page.goto('/?backend=wasm');
await page.getByTestId('job.idle').waitFor({ timeout: 90_000 });
for (const id of ['bitmap.canvas', 'pareto.chart', 'scheme.chart']) await page.getByTestId(id).waitFor();
await page.waitForTimeout(800);
if (trace) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'v8', 'toplevel'] });
}
const from = await page.evaluate(() => performance.now());
await page.getByTestId('drop.input').setInputFiles(files);
const marks = await page.evaluate(async (count) => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const find = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const idle = () => find('job.idle') !== null;
  const named = () => (find('model.name')?.textContent ?? '').includes(`${count} quantizable layers`);
  const at: [string, number][] = [['drop', performance.now()]];
  while (!named()) await sleep(100);
  at.push(['shown', performance.now()]);
  while (!(idle() && named() && find('summary.accuracy')?.getAttribute('data-state') === 'measured')) await sleep(250);
  at.push(['evaluated', performance.now()]);
  find('method.run')!.click();
  while (idle()) await sleep(20);
  while (!idle()) await sleep(250);
  at.push(['method', performance.now()]);
  find('export.config')!.click();
  await sleep(1500);
  at.push(['end', performance.now()]);
  return at;
}, layers);
if (trace) writeFileSync(`${out}/trace.json`, await browser.stopTracing());
const long = (await page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks)).filter((e) => e.start >= from);
await browser.close();
const rel = (t: number) => Math.round(t - from);
const over = long.filter((e) => e.duration > 50);
console.log(marks.map(([n, t]) => `${n} ${rel(t)} ms`).join(' · '));
console.log(`tasks over 50 ms: ${over.length}, longest ${Math.max(0, ...over.map((e) => Math.round(e.duration)))} ms`);
console.log(over.map((e) => `@${rel(e.start)}: ${Math.round(e.duration)}`).join('  '));
