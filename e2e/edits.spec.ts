/** Manual edits: live accuracy, Pareto points re-applied, filter-group edits on the bit map. */
import { expect, test } from './fixtures';

type Config = { layers: { name: string; weights: { bits: number | number[]; scheme: string; granularity: string } }[] };

test('an edit re-measures accuracy within about a second and shrinks the size', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const before = await studio.measuredAccuracy();
  const size = await studio.sizeBytes();
  const t0 = Date.now();
  await studio.setBits('conv2', 2);
  expect(await studio.sizeBytes()).toBeLessThan(size);
  await expect(page.getByTestId('summary.method')).toHaveText('manual');
  // Poll with 3 s of slack for a loaded machine; the latency is logged for the report.
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured', { timeout: 3_000 });
  const latency = Date.now() - t0;
  const after = (await studio.accuracy.textContent()) ?? '';
  test.info().annotations.push({ type: 'edit→accuracy ms', description: String(latency) });
  console.log(`edit→accuracy: ${latency} ms (${before} → ${after})`);
  expect(after).toMatch(/%/);
  expect(after).not.toBe(before);
});

test('clicking a Pareto point applies its config', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await page.getByTestId('method.select').selectOption('uniform');
  await page.getByTestId('method.budget').fill('4');
  await page.getByTestId('method.run').click();
  await studio.waitUntilIdle();
  await studio.setBits('conv2', 6);
  await expect(page.getByTestId('summary.method')).toHaveText('manual');
  await page.locator('[data-testid="pareto.point"][data-id^="uniform-"]').first().click();
  await expect(page.getByTestId('summary.method')).toHaveText('uniform');
  for (const name of await studio.layerNames()) await expect(studio.bitsInput(name)).toHaveValue('4');
});

test('a range brushed on the bit map sets those filters\' bits', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  await studio.setGroupBits(3, 2);
  await expect(page.getByTestId('summary.method')).toHaveText('manual');
  const { json } = await studio.exportConfig() as unknown as { json: Config };
  const first = json.layers[0];
  expect(Array.isArray(first.weights.bits)).toBe(true);
  expect((first.weights.bits as number[]).slice(0, 3)).toEqual([2, 2, 2]);
  expect(first.weights.granularity).toBe('per-filter');
  await expect(studio.accuracy).toHaveAttribute('data-state', 'measured', { timeout: 5_000 });
  await page.getByTestId('edit.undo').click();
  await expect(studio.bitsInput(first.name)).toBeVisible();
});
