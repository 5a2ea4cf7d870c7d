/** Manual edits: live accuracy, Pareto points re-applied, filter-group edits on the bit map, AIMET encodings. */
import { expect, test } from './fixtures';

type Encodings = { version: string; param_encodings: Record<string, { bitwidth: number; offset: number; scale: number; min: number; max: number }[]> };
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

test('AIMET encodings cover every per-tensor fixed-point layer', async ({ page, studio }) => {
  await studio.open('?backend=wasm');
  const button = page.getByTestId('export.aimet');
  await expect(button).toBeEnabled();
  const { json: config } = await studio.exportConfig() as unknown as { json: Config };
  const expected = config.layers
    .filter((l) => typeof l.weights.bits === 'number' && l.weights.granularity === 'per-tensor' && /^fixed(-clip)?$/.test(l.weights.scheme))
    .map((l) => `${l.name}/kernel`);
  expect(expected.length).toBeGreaterThan(0);
  const { name, json } = await studio.downloadJson<Encodings>(button);
  expect(name).toMatch(/\.encodings\.json$/);
  expect(json.version).toBe('0.6.1');
  expect(Object.keys(json.param_encodings).sort()).toEqual(expected.sort());
  for (const [key, [e]] of Object.entries(json.param_encodings)) {
    const layer = config.layers.find((l) => `${l.name}/kernel` === key)!;
    expect(e.bitwidth).toBe(layer.weights.bits);
    expect(e.scale).toBeGreaterThan(0);
    expect(e.min).toBeCloseTo(e.offset * e.scale, 6);
    expect(e.max).toBeCloseTo(-e.min, 6);
  }
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
