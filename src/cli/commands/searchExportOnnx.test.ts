/**
 * `search model.onnx --export-model <dir> --export-encodings <dir>` through the real CLI
 * process: the QDQ model it writes runs in stock onnxruntime-web at the accuracy the config
 * claims (same evaluation digits, within 0.5 points), and the encoding files name the
 * ONNX graph's own tensors.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli as runCli } from '../spawnCli';
import { takeBalanced } from '../../data/mnistBinary';
import { decodeModel } from '../../model/onnx/proto';
import { digitsAccuracyInOrt } from '../../model/onnx/testingHelpers';
import { demoDigits } from '../../model/testingHelpers';

const ROOT = resolve(__dirname, '../../..');
const MODEL = join(ROOT, 'public/models/lenet-onnx/model.onnx');
const dir = mkdtempSync(join(tmpdir(), 'qs-onnx-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('search on an ONNX model --export-model / --export-encodings', () => {
  it('writes a QDQ .onnx that onnxruntime runs at the config\'s accuracy, and encodings with the graph\'s names', async () => {
    if (!existsSync(MODEL)) return;
    const out = join(dir, 'u8.json');
    const r = await runCli(['search', MODEL, '--method', 'uniform', '--budget', '8', '--eval', '400', '--out', out,
      '--export-model', join(dir, 'model'), '--export-encodings', join(dir, 'enc')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cfg = JSON.parse(readFileSync(out, 'utf8'));
    const [file] = readdirSync(join(dir, 'model'));
    expect(file).toMatch(/\.qdq\.onnx$/);
    const bytes = new Uint8Array(readFileSync(join(dir, 'model', file)));
    const graph = decodeModel(bytes).graph!;
    expect(graph.node.filter((n) => n.op_type === 'QuantizeLinear').length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/kernels \d+ int8/);

    const test = takeBalanced(demoDigits(), 400, 'test');
    expect(Math.abs(await digitsAccuracyInOrt(bytes, test) - cfg.summary.accuracy)).toBeLessThanOrEqual(0.005);

    const original = decodeModel(new Uint8Array(readFileSync(MODEL))).graph!;
    const inits = new Set(original.initializer.map((t) => t.name));
    const v2 = JSON.parse(readFileSync(join(dir, 'enc', `${cfg.model.name}.aimet-2.0.0.encodings.json`), 'utf8'));
    const params = v2.encodings.filter((e: { name: string }) => inits.has(e.name));
    expect(params).toHaveLength(cfg.layers.length);
  }, 240_000);
});
