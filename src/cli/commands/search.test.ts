/**
 * `quantization-studio search` through the real CLI process: a good run writes a
 * schema-valid config with the summary figures and a smaller stock-tfjs model; bad input
 * (a GraphModel for CQ, an impossible budget, a missing model) exits 2 with one stderr line.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli as runCli } from '../spawnCli';
import { graphModelFiles } from '../../../scripts/make-graph-fixture';
import { validateConfig } from '../../quant/config/restore';

const ROOT = resolve(__dirname, '../../..');
let dir: string;


beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qs-search-'));
  const graph = join(dir, 'graph');
  mkdirSync(graph);
  for (const [name, bytes] of graphModelFiles('float32')) writeFileSync(join(graph, name), bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('search CLI', () => {
  it('uniform 8-bit on the demo LeNet: config with summary, exported model smaller than float', async () => {
    const model = join(ROOT, 'public/models/lenet/model.json');
    if (!existsSync(model)) return;
    const out = join(dir, 'u8.json');
    const r = await runCli(['search', model, '--method', 'uniform', '--budget', '8', '--eval', '400', '--out', out, '--export-model', join(dir, 'u8'),
      '--export-encodings', join(dir, 'enc')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cfg = JSON.parse(readFileSync(out, 'utf8'));
    expect(validateConfig(cfg).ok).toBe(true);
    for (const k of ['accuracy', 'weightOnlyAccuracy', 'agreement', 'outputSqnrDb', 'outputCosine', 'averageWeightBits', 'sizeBytes', 'bitops']) {
      expect(cfg.summary[k]).toBeTypeOf('number');
    }
    expect(cfg.summary.averageWeightBits).toBe(8);
    const files = ['model.json', 'group1-shard1of1.bin'].map((f) => readFileSync(join(dir, 'u8', f)).byteLength);
    const original = ['model.json', 'group1-shard1of1.bin'].map((f) => readFileSync(join(ROOT, 'public/models/lenet', f)).byteLength);
    expect(files[1]).toBeLessThan(original[1] / 3);
    // Encodings: every layer's weights at int8 with the config's scale, in each format.
    const v2 = JSON.parse(readFileSync(join(dir, 'enc', `${cfg.model.name}.aimet-2.0.0.encodings.json`), 'utf8'));
    for (const l of cfg.layers) expect(v2.encodings).toContainEqual({ name: `${l.name}/kernel`, output_dtype: 'int8', y_scale: l.weights.scales[0] });
    for (const f of ['aimet-1.0.0.encodings.json', 'encodings.json', 'ort-tensor-quant-overrides.json']) {
      expect(existsSync(join(dir, 'enc', `${cfg.model.name}.${f}`))).toBe(true);
    }
    expect(r.stdout).toMatch(/AIMET 2\.0\.0: \d+ tensors/);
  });

  it.each([
    [['--method', 'cq'], /CQ needs gradients; this GraphModel cannot be differentiated in tfjs — convert to a LayersModel/],
    [['--method', 'uniform', '--budget', '12'], /bits must be an integer in 2\.\.8/],
  ])('bad input %j → exit 2, one line', async (flags, message) => {
    const r = await runCli(['search', join(dir, 'graph/model.json'), ...flags, '--eval', '50', '--out', join(dir, 'bad.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
  });
});
