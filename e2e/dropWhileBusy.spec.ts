/**
 * A model dropped while the demo is still being analysed: the load waits its turn behind the
 * analysis, and the demo's accuracy evaluation (queued when that analysis lands, i.e. after
 * the load) must not run the demo's config against the new model ("config is for model
 * lenet …, not the loaded …" was shown). The new model is analysed and no error is shown.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const dir = existsSync('public/models/resnet-ds/model.json') ? 'public/models/resnet-ds' : 'e2e/models/tiny-ds';
const modelFiles = readdirSync(dir).filter((f) => f === 'model.json' || f.endsWith('.bin')).map((f) => join(dir, f));

test('a model dropped during the demo analysis replaces it without an error', async ({ page, studio }) => {
  // Every error the page shows, even briefly (the next analysis clears the error line).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __errorsSeen: string[] }).__errorsSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="error.message"]')?.textContent;
      if (text && !seen.includes(text)) seen.push(text);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto('/?backend=wasm');
  // Drop while the demo's analysis job runs (its phases: weights, then activations).
  await expect(studio.jobLabel).toHaveText(/Analysing|Sweeping|Capturing/, { timeout: 60_000 });
  await studio.pickFiles(modelFiles);
  await expect(page.getByTestId('model.name')).not.toContainText('lenet', { timeout: 60_000 });
  await studio.waitUntilIdle();
  await expect(studio.rows.first().getByTestId('layers.sqnr')).toContainText('dB');
  await expect(studio.error).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __errorsSeen: string[] }).__errorsSeen)).toEqual([]);
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured');
});
