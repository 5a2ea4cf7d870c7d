/**
 * No job holds the user's work hostage. While the accuracy evaluation of a dropped
 * real-size graph model runs (synthetic inputs, many batches), *Export config* and *AIMET
 * encodings* download at once (the page holds the config; its schema check is answered by
 * the worker between batches), and *Export model*, which needs the worker's model, says that
 * it waits for the running job and that Cancel stops it — after Cancel it downloads.
 */
import { expect, test } from './fixtures';
import { writeGeneratedGraph } from './models/generatedGraph';

test('exports work while an evaluation runs; Export model waits, says so, and Cancel lets it through', async ({ page, studio }) => {
  test.setTimeout(600_000);
  const { files } = writeGeneratedGraph(test.info().outputPath('generated-graph'));
  await studio.open('?backend=wasm');
  await studio.pickFiles(files);
  // The dropped model is analysed, then its accuracy evaluation (a long job) starts.
  await expect(studio.jobLabel).toHaveText(/Evaluating/, { timeout: 300_000 });
  const evaluating = studio.jobLabel;

  const config = await studio.downloadJson<{ model: { name: string }; layers: unknown[] }>(studio.exportButton);
  await expect(evaluating).toHaveText(/Evaluating/); // the job still runs: the export did not wait for it
  expect(config.json.layers).toHaveLength(74);

  await page.getByTestId('export.pipelines').locator('summary').click();
  const aimet = await studio.downloadJson<{ version: string }>(page.getByTestId('export.aimet2'));
  await expect(evaluating).toHaveText(/Evaluating/);
  expect(aimet.name).toMatch(/\.aimet-2\.0\.0\.encodings\.json$/);

  // Export model needs the worker's model: it waits, says so, and offers Cancel.
  await page.getByTestId('export.model').click();
  await expect(studio.notice).toContainText(/Exporting the quantized model waits for “Evaluating/);
  await expect(studio.notice).toContainText('Cancel');
  const download = page.waitForEvent('download', { timeout: 240_000 });
  await studio.cancel.click();
  expect((await download).suggestedFilename()).toMatch(/\.quantized\.zip$/);
  await expect(studio.idle).toBeVisible({ timeout: 120_000 });
  await expect(studio.error).toHaveCount(0);
});
