/**
 * The CLI as a user runs it: `node bin/quantization-studio.mjs …` in a child process.
 * Every bad input must end with exit code 2 and exactly one stderr line naming the problem.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelFiles, layersModelFiles, type FileMap } from '../../scripts/make-graph-fixture';
import { GraphWriter } from '../../scripts/bench/resnetGraph';
import { validateConfig } from '../quant/config/restore';
import { main } from './main';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/quantization-studio.mjs');
let dir: string;

interface Run { code: number | null; stdout: string; stderr: string }

function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 55_000, env: { ...process.env, QS_DEBUG: '' } },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit arbitrary model.json fields
type Json = Record<string, any>;

function write(name: string, files: FileMap, edit?: (json: Json, files: FileMap) => void): string {
  const out = new Map(files);
  if (edit) {
    const json = JSON.parse(new TextDecoder().decode(out.get('model.json')));
    edit(json, out);
    out.set('model.json', new TextEncoder().encode(JSON.stringify(json)));
  }
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [k, v] of out) writeFileSync(join(folder, k), v);
  return join(folder, 'model.json');
}

let good: string;
const bad: Record<string, string[]> = {};

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'qs-cli-'));
  const layers = await layersModelFiles('float32');
  const graph = graphModelFiles('uint8');
  good = write('good', layers);
  write('graph', graph);
  const out = join(dir, 'out.json');
  const model = (name: string, edit?: Parameters<typeof write>[2]) => write(name, layers, edit);
  const truncated = model('truncated', (_j, f) => f.set('group1-shard2of3.bin', f.get('group1-shard2of3.bin')!.slice(0, 100)));
  const missing = model('missing', (_j, f) => f.delete('group1-shard3of3.bin'));
  const dtype = model('dtype', (j) => { j.weightsManifest[0].weights[0].dtype = 'complex128'; });
  const shape = model('shape', (j) => { j.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'fc1/kernel').shape = [10, 1152]; });
  const nan = model('nan', (_j, f) => {
    const s = f.get('group1-shard1of3.bin')!.slice();
    new DataView(s.buffer).setFloat32(8, NaN, true);
    f.set('group1-shard1of3.bin', s);
  });
  mkdirSync(join(dir, 'json'), { recursive: true });
  writeFileSync(join(dir, 'json/model.json'), '{"modelTopology": {"class_name": ');
  Object.assign(bad, {
    'truncated shard': ['analyze', truncated, '--out', out],
    'missing shard': ['analyze', missing, '--out', out],
    'unknown dtype': ['analyze', dtype, '--out', out],
    'shape/data mismatch': ['analyze', shape, '--out', out],
    'NaN weights': ['analyze', nan, '--out', out],
    'invalid JSON': ['analyze', join(dir, 'json/model.json'), '--out', out],
    'missing file': ['analyze', join(dir, 'nope/model.json'), '--out', out],
    'unknown flag': ['analyze', good, '--out', out, '--calibraton', '8'],
    'bad flag value': ['analyze', good, '--out', out, '--calibration', 'many'],
    'no --out': ['analyze', good],
    'unwritable --out': ['analyze', good, '--out', join(dir, 'no/such/dir/c.json')],
    'data folder': ['analyze', good, '--data', dir, '--out', out],
    'unknown command': ['quantize', good],
  });
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('quantization-studio CLI', () => {
  it('analyze writes a schema-valid config (demo data, calibration) and says which backend ran', async () => {
    const out = join(dir, 'c.json');
    const r = await cli('analyze', good, '--data', 'demo', '--calibration', '16', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backend: (wasm|cpu) /m);
    expect(r.stdout).toMatch(/3 quantizable layers/);
    const v = validateConfig(JSON.parse(readFileSync(out, 'utf8')));
    if (!v.ok) throw new Error(v.errors.join('; '));
    expect(v.config.data).toEqual({ source: 'demo:mnist', calibration: 16 });
    expect(v.config.layers.map((l) => l.activations.bits)).toEqual([8, 8, 8]);
    expect(v.config.layers[0].sweep?.activations?.fixed).toBeDefined();
  }, 60_000);

  it('analyzes a uint8 graph model weights-only, sweeping in 2 worker threads', async () => {
    const out = join(dir, 'g.json');
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await main(['analyze', join(dir, 'graph'), '--threads', '2', '--out', out], { out: (l) => lines.push(l), err: (l) => errors.push(l) });
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    const stdout = lines.join('\n');
    expect(stdout).toMatch(/weights: 3 layers in \d+ ms \(2 threads\)/);
    expect(stdout).toMatch(/data: weights only: no calibration data given/);
    // Read from the files alone: tfjs is not loaded (src/model/graphWeightsOnly.ts).
    expect(stdout).toMatch(/^backend: none \(weights only: the model is not run, and tfjs is not loaded\)$/m);
    expect(validateConfig(JSON.parse(readFileSync(out, 'utf8'))).ok).toBe(true);
  }, 60_000);

  it('a graph whose layer shapes need a run of the model is loaded into tfjs, and says so', async () => {
    const g = new GraphWriter(5);
    const x = g.input('x', [-1, 12, 12, 2]);
    const c1 = g.conv('c1', x, [3, 3, 2, 4]);
    // Cumsum keeps the shape, but the static shape rules do not know it.
    const cs = g.op('cs', 'Cumsum', [c1, g.ints('cs/axis', [1])], { exclusive: { b: false }, reverse: { b: false }, Tidx: { type: 'DT_INT32' } });
    g.conv('c2', cs, [3, 3, 4, 4], { strides: 2 });
    const folder = write('cumsum', g.files('cli.test'));
    const out = join(dir, 'cumsum.json');
    const r = await cli('analyze', folder, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backend: cpu /m);
    expect(r.stdout).toMatch(/output shapes of 1 layers found by running the model on one image/);
    const v = validateConfig(JSON.parse(readFileSync(out, 'utf8')));
    if (!v.ok) throw new Error(v.errors.join('; '));
    expect(v.config.layers.map((l) => l.macs)).toEqual([12 * 12 * 3 * 3 * 2 * 4, 6 * 6 * 3 * 3 * 4 * 4]);
  }, 60_000);

  it('the bundled CLI (.cache/cli) and the TypeScript sources write the same config', async () => {
    await new Promise<void>((done, fail) => execFile(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT },
      (err) => (err ? fail(err) : done())));
    const run = async (fromSource: boolean, out: string) => new Promise<Run>((done) => {
      execFile(process.execPath, [BIN, 'analyze', join(dir, 'graph'), '--threads', '2', '--out', out],
        { cwd: ROOT, timeout: 55_000, env: { ...process.env, QS_DEBUG: '1', QS_FROM_SOURCE: fromSource ? '1' : '' } },
        (err, stdout, stderr) => done({ code: err ? 1 : 0, stdout, stderr }));
    });
    const [a, b] = [join(dir, 'bundle.json'), join(dir, 'source.json')];
    const [ra, rb] = [await run(false, a), await run(true, b)];
    expect(ra.code).toBe(0);
    expect(ra.stderr).toContain('running the bundle');
    expect(rb.code).toBe(0);
    expect(rb.stderr).toContain('running the TypeScript sources');
    const strip = (p: string) => ({ ...JSON.parse(readFileSync(p, 'utf8')), created: undefined });
    expect(strip(a)).toEqual(strip(b));
    // With data the model runs: the bundle must get the WASM backend like the sources do
    // (it once fell back to cpu silently: tfjs-backend-wasm needs __dirname in the bundle).
    const withData = await new Promise<Run>((done) => {
      execFile(process.execPath, [BIN, 'analyze', good, '--data', 'demo', '--calibration', '4', '--out', join(dir, 'bd.json')],
        { cwd: ROOT, timeout: 55_000, env: { ...process.env, QS_DEBUG: '1', QS_FROM_SOURCE: '' } },
        (err, stdout, stderr) => done({ code: err ? 1 : 0, stdout, stderr }));
    });
    expect(withData.stderr).toContain('running the bundle');
    expect(withData.stdout).toContain('backend: wasm');
  }, 120_000);

  it('every bad input: exit code 2 and one stderr line naming the problem', async () => {
    const expected: Record<string, RegExp> = {
      'truncated shard': /group1-shard2of3\.bin: weight data is truncated/,
      'missing shard': /group1-shard3of3\.bin: weight file listed in model\.json is missing/,
      'unknown dtype': /unsupported dtype 'complex128'/,
      'shape/data mismatch': /fc1\/kernel.*\[10,1152\].*expects \[1152,10\]/,
      'NaN weights': /group1-shard1of3\.bin: weight '.*' holds NaN at element 2/,
      'invalid JSON': /model\.json: invalid JSON/,
      'missing file': /model file not found: .*nope\/model\.json/,
      'unknown flag': /unknown flag '--calibraton'/,
      'bad flag value': /--calibration needs an integer, got 'many'/,
      'no --out': /analyze needs --out/,
      'unwritable --out': /cannot write .*: folder .* does not exist/,
      'data folder': /bd\.json: not an image this reader decodes \(PNG\)/,
      'unknown command': /unknown command 'quantize'/,
    };
    // Spawning costs ~2 s of CPU per process (tsx + tfjs start-up): three cases run as real
    // processes, all of them through main() in this process (same code path, same output).
    const spawned = ['truncated shard', 'NaN weights', 'unknown flag'];
    const runs = await Promise.all(spawned.map((n) => cli(...bad[n])));
    runs.forEach((r, i) => {
      const lines = r.stderr.split('\n').filter(Boolean);
      expect({ case: spawned[i], code: r.code, lines: lines.length }).toEqual({ case: spawned[i], code: 2, lines: 1 });
      expect(lines[0], spawned[i]).toMatch(/^quantization-studio: /);
      expect(lines[0], spawned[i]).toMatch(expected[spawned[i]]);
    });
    for (const [name, args] of Object.entries(bad)) {
      const err: string[] = [];
      const code = await main(args, { out: () => {}, err: (l) => err.push(l) });
      expect({ case: name, code, lines: err.length }).toEqual({ case: name, code: 2, lines: 1 });
      expect(err[0], name).toMatch(/^quantization-studio: /);
      expect(err[0], name).toMatch(expected[name]);
      expect(err[0], name).not.toMatch(/\n|\bat .*\.(ts|js):\d+/);
    }
  }, 60_000);
});
