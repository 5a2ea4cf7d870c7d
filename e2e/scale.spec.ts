/**
 * The 25.6M-parameter synthetic ResNet-50 (≈ 98 MiB of float32 weights in 25
 * shards, scripts/make-synthetic-resnet.ts) works in the page on wasm: dropped in, analysed
 * (on the page's sweep workers; layer table with SQNR values — the weights' first, while the activations are still
 * measured), evaluated on synthetic inputs (the demo digits fit no
 * 224×224×3 input), no error, the header names its parameters and layers, and the page stays
 * responsive while the worker is busy. Reuses .synthetic/resnet50 when it is complete
 * (QS_SCALE_FRESH=1 forces a fresh one), else writes the model into a temp folder first
 * (≈ 100 MB, removed afterwards).
 *
 * A second test cancels the analysis during the sweep and checks that the sweep workers
 * stopped with it (the browser's CPU time, from /proc).
 *
 * Slow by nature: ≈ 5 min on a shared 2-core machine at load 5 (analysis ≈ 3 min: weight
 * sweep, activations of 64 synthetic images; evaluation ≈ 1.5 min on 33 synthetic images).
 */
import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SYNTHETIC_RESNETS } from '../scripts/bench/resnetTopology';
import { writeSyntheticResNet } from '../scripts/make-synthetic-resnet';
import { expect, test } from './fixtures';

const SPEC = SYNTHETIC_RESNETS.find((s) => s.name === 'resnet50')!;

interface ModelOnDisk {
  files: string[];
  parameters: number;
  /** Convolutions + dense layers: the quantizable layers the table lists. */
  quantizable: number;
}

/** The model in `dir` when model.json and every shard it lists are there at full size; else null. */
function readComplete(dir: string): ModelOnDisk | null {
  const json = join(dir, 'model.json');
  if (!existsSync(json)) return null;
  try {
    const m = JSON.parse(readFileSync(json, 'utf8')) as {
      modelTopology: { config: { layers: { class_name: string }[] } };
      weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
    };
    const paths = m.weightsManifest.flatMap((g) => g.paths).map((p) => join(dir, p));
    const parameters = m.weightsManifest.flatMap((g) => g.weights).reduce((a, w) => a + w.shape.reduce((p, d) => p * d, 1), 0);
    const bytes = paths.reduce((a, p) => a + (existsSync(p) ? statSync(p).size : 0), 0);
    if (bytes !== 4 * parameters) return null;
    const quantizable = m.modelTopology.config.layers.filter((l) => /^(Conv2D|Dense)$/.test(l.class_name)).length;
    return { files: [json, ...paths], parameters, quantizable };
  } catch {
    return null;
  }
}

let model: ModelOnDisk;
let temp: string | null = null;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const cached = process.env.QS_SCALE_FRESH ? null : readComplete(resolve('.synthetic', SPEC.name));
  if (cached) {
    model = cached;
    return;
  }
  temp = mkdtempSync(join(tmpdir(), 'qs-scale-'));
  await writeSyntheticResNet(SPEC, temp, 1);
  const written = readComplete(join(temp, SPEC.name));
  if (!written) throw new Error(`the generator wrote an incomplete model into ${temp}`);
  model = written;
});

test.afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

test('the 25.6M-parameter ResNet-50 loads, is analysed and evaluated on wasm, and the page stays responsive', async ({ page, studio }) => {
  test.setTimeout(1_500_000);
  expect(model.parameters).toBeGreaterThan(25e6);
  expect(model.quantizable).toBe(54);
  await studio.open('?backend=wasm');
  await expect(studio.backend).toHaveAttribute('data-backend', 'wasm');
  const t0 = Date.now();
  await studio.pickFiles(model.files);
  const header = page.getByTestId('model.name');
  await expect(header).toContainText(SPEC.name, { timeout: 300_000 });
  const shownMs = Date.now() - t0;
  // The header's compact count: 25.6M → "26M".
  await expect(header).toContainText(`${Math.round(model.parameters / 1e6)}M params`);
  await expect(header).toContainText(`${model.quantizable} quantizable layers`);
  // The table draws only the rows in view (layerTable/rowWindow.ts); aria-rowcount counts them all, with the header.
  await expect(studio.table).toHaveAttribute('aria-rowcount', String(model.quantizable + 1), { timeout: 60_000 });
  await expect(studio.rows.first()).toHaveAttribute('data-layer', 'stem_conv');

  // The weight analysis shows first (the activations of the calibration images come after).
  await expect(page.getByTestId('layers.sqnr').first()).toHaveText(/\d+(\.\d+)? dB/, { timeout: 900_000 });
  const weightsMs = Date.now() - t0;
  await expect(page.getByTestId('scheme.plot')).toBeVisible();
  await expect(page.getByTestId('summary.dataNote')).not.toContainText('being measured', { timeout: 900_000 });
  const analysedMs = Date.now() - t0;
  await expect(studio.error).toHaveCount(0);
  const sqnrs = await page.getByTestId('layers.sqnr').allTextContents();
  expect(sqnrs.length).toBeGreaterThan(10);
  for (const s of sqnrs) expect(s).toMatch(/^\d+(\.\d+)? dB$/);
  // Scrolled to the end, the last layers are drawn and analysed too.
  await studio.table.locator('..').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(page.locator(`[data-testid="layers.row"][aria-rowindex="${model.quantizable + 1}"] [data-testid="layers.sqnr"]`)).toHaveText(/^\d+(\.\d+)? dB$/);
  await studio.table.locator('..').evaluate((el) => { el.scrollTop = 0; });
  // The drawn window follows the scroll a frame later: pick a row only once it is back at the top.
  await expect(studio.rows.first()).toHaveAttribute('data-layer', 'stem_conv');

  // Responsive while the worker evaluates: select a layer (its detail shows), sort the table.
  const layer = (await page.locator('[data-testid="layers.row"][aria-rowindex="6"]').getAttribute('data-layer')) ?? '';
  const c0 = Date.now();
  await studio.row(layer).locator('td.name').click({ timeout: 10_000 });
  await expect(studio.row(layer)).toHaveAttribute('aria-selected', 'true', { timeout: 10_000 });
  await expect(page.getByTestId('layer.fullName')).toHaveText(layer, { timeout: 10_000 });
  await page.getByTestId('layers.sort.params').click();
  await expect(studio.rows.first()).not.toHaveAttribute('data-layer', 'stem_conv', { timeout: 10_000 });
  const clickMs = Date.now() - c0;
  await expect(page.getByTestId('bitmap.canvas')).toBeVisible();
  await expect(page.getByTestId('scheme.chart')).toBeVisible();

  await expect(studio.idle).toBeVisible({ timeout: 900_000 });
  const idleMs = Date.now() - t0;
  await expect(studio.error).toHaveCount(0);
  // A model this big is swept on sweep workers, one per core (at most 4), where the host has 2+.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const status = page.getByTestId('status.weightSweep');
  if (cores >= 2) {
    await expect(status).toHaveAttribute('data-threads', String(Math.min(cores, 4)));
    await expect(status).toContainText(`CPU, ${Math.min(cores, 4)} workers`);
  }
  await expect(status).not.toContainText('failed');
  await expect(page.getByTestId('summary.dataNote')).toContainText('synthetic');
  await expect(studio.accuracy).toContainText('agreement');
  const timing = `after the drop: model shown ${seconds(shownMs)}, weights analysed ${seconds(weightsMs)}, analysed ${seconds(analysedMs)}, evaluated (idle) ${seconds(idleMs)}; ` +
    `select + sort while busy ${seconds(clickMs)}; ${await status.textContent()}, weight sweep ${await status.getAttribute('data-ms')} ms`;
  test.info().annotations.push({ type: 'timing', description: timing });
  console.log(`scale: ${timing}`);
});

/** CPU time (clock ticks) used so far by every Chromium process on this host (Linux /proc). */
function chromiumCpuTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom')) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime + stime
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks;
}

async function ticksPerSecond(page: import('@playwright/test').Page, ms: number): Promise<number> {
  const t0 = chromiumCpuTicks();
  await page.waitForTimeout(ms);
  return (chromiumCpuTicks() - t0) / (ms / 1000);
}

test('Cancel during the sweep on sweep workers stops them too', async ({ page, studio }) => {
  test.skip(!existsSync('/proc/self/stat'), 'reads CPU time from Linux /proc');
  test.setTimeout(300_000);
  await studio.open('?backend=wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'one core: no sweep workers');
  await studio.pickFiles(model.files);
  await expect(page.getByTestId('job.label')).toContainText('Sweeping weights', { timeout: 300_000 });
  await page.waitForTimeout(1000);
  const busy = await ticksPerSecond(page, 1000);
  await studio.cancel.click();
  await expect(studio.idle).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  const after = await ticksPerSecond(page, 2000);
  console.log(`scale cancel: Chromium CPU ${busy} ticks/s while sweeping, ${after} ticks/s after Cancel`);
  // The workers held the cores while sweeping; after Cancel (the analysis worker terminated,
  // and with it the sweep workers it started) the browser is idle.
  expect(busy).toBeGreaterThan(80);
  expect(after).toBeLessThan(busy / 4);
  await expect(studio.error).toHaveCount(0);
});
