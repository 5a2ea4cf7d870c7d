/**
 * First useful answer fast: on a dropped big model (≥ 10M parameters) the weight analysis —
 * the table's SQNR column and the charts — shows as soon as the weights are swept, while the
 * analysis job still measures the activations of the calibration images; the data note says
 * so. An edit made meanwhile carries over onto the finished analysis (activations measured),
 * and Undo brings back the analysis itself.
 */
import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SYNTHETIC_RESNETS } from '../scripts/bench/resnetTopology';
import { writeSyntheticResNet } from '../scripts/make-synthetic-resnet';
import { expect, test } from './fixtures';

const SPEC = SYNTHETIC_RESNETS.find((s) => s.name === 'resnet18')!;

/** The synthetic 11.7M ResNet-18's files: .synthetic/resnet18 when there, else written into the test's output folder. */
async function resnet18(outDir: string): Promise<string[]> {
  const cached = resolve('.synthetic', SPEC.name);
  const dir = existsSync(join(cached, 'model.json')) ? cached : join(outDir, SPEC.name);
  if (dir !== cached) await writeSyntheticResNet(SPEC, outDir, 1);
  return readdirSync(dir).filter((f) => f === 'model.json' || f.endsWith('.bin')).map((f) => join(dir, f));
}

test('an 11.7M ResNet-18 shows its weight analysis before the activations are measured; an edit made then is kept', async ({ page, studio }) => {
  test.setTimeout(600_000);
  const files = await resnet18(test.info().outputPath('models'));
  await studio.open('?backend=wasm');
  const t0 = Date.now();
  await studio.pickFiles(files);
  // In the page: wait for the first SQNR in the table and note what the job was doing then.
  const seen = await page.evaluate(async () => {
    const find = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const t = performance.now();
    for (;;) {
      const sqnr = find('layers.sqnr')?.textContent ?? '';
      if (/dB/.test(sqnr) && (find('model.name')?.textContent ?? '').includes('resnet18')) {
        return { job: find('job.label')?.textContent ?? null, note: find('summary.dataNote')?.textContent ?? '', ms: performance.now() - t };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  const shownMs = Date.now() - t0;
  expect(seen.job, 'the SQNR column showed while the analysis job was still running').toMatch(/Sweeping|Analys|Captur|activations/);
  expect(seen.note).toMatch(/weights only so far: the activations of \d+ calibration images are being measured/);
  await expect(page.getByTestId('scheme.plot')).toBeVisible();
  await expect(page.getByTestId('bitmap.canvas')).toBeVisible();

  // An edit on the preview, while the activations are measured.
  const first = (await studio.layerNames())[0];
  await studio.setBits(first, 5);
  // The finished analysis: activations measured (the note no longer says they are being measured), the edit kept.
  await expect(page.getByTestId('summary.dataNote')).not.toContainText('being measured', { timeout: 300_000 });
  const doneMs = Date.now() - t0;
  await expect(studio.bitsInput(first)).toHaveValue('5');
  await expect(page.getByTestId('summary.method')).toHaveText('manual');
  // The activations are the finished analysis's: the scheme chart can show them.
  await page.getByTestId('scheme.target.activations').click();
  await expect(page.getByTestId('scheme.empty')).toHaveCount(0);
  await expect(page.getByTestId('scheme.plot')).toBeVisible();
  // Undo goes back to the analysis (8 bits).
  await studio.undoButton.click();
  await expect(studio.bitsInput(first)).toHaveValue('8');
  await expect(studio.error).toHaveCount(0);
  const status = page.getByTestId('status.weightSweep');
  const timing = `weights shown ${(shownMs / 1000).toFixed(1)} s after the drop (job then: ${seen.job}), analysis done ${(doneMs / 1000).toFixed(1)} s; ${await status.textContent()}, weight sweep ${await status.getAttribute('data-ms')} ms`;
  test.info().annotations.push({ type: 'timing', description: timing });
  console.log(`preview: ${timing}`);
});
