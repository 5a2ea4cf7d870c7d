/**
 * A model no data fits ([8,8,3] next to the demo digits): `analyze` sweeps activations on
 * synthetic inputs and `search` reports fidelity on them (accuracy null, agreement and output
 * SQNR measured), both saying so in config.data.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbModelFiles } from '../model/syntheticFixture';
import { main } from './main';

const hasDemo = existsSync(join(resolve(__dirname, '../..'), 'public/data/mnist.bin'));
let dir: string;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'qs-synth-'));
  mkdirSync(join(dir, 'rgb'));
  for (const [name, bytes] of await rgbModelFiles()) writeFileSync(join(dir, 'rgb', name), bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasDemo)('CLI on a model no data fits', () => {
  it('analyze --data demo: activations on synthetic inputs, config.data says so', async () => {
    const out = join(dir, 'a.json');
    const r = await cli('analyze', join(dir, 'rgb'), '--data', 'demo', '--calibration', '8', '--out', out);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/data: no data matches input \[8,8,3\]; activations and fidelity measured on 8 synthetic inputs/);
    const c = JSON.parse(readFileSync(out, 'utf8'));
    expect(c.data).toMatchObject({ source: 'synthetic', calibration: 8 });
    expect(c.layers[0].sweep.activations.fixed['8']).toEqual(expect.any(Number));
  }, 60_000);

  it('search --method uniform: accuracy null, agreement and output SQNR on synthetic inputs', async () => {
    const out = join(dir, 's.json');
    const r = await cli('search', join(dir, 'rgb'), '--method', 'uniform', '--budget', '6', '--eval', '32', '--out', out);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const c = JSON.parse(readFileSync(out, 'utf8'));
    expect(c.data.source).toBe('synthetic');
    expect(c.summary.accuracy).toBeNull();
    expect(c.summary.agreement).toBeGreaterThan(0);
    expect(c.summary.outputSqnrDb).toEqual(expect.any(Number));
    expect(c.summary.outputCosine).toBeGreaterThan(0);
    expect(c.summary.outputCosine).toBeLessThanOrEqual(1);
    expect(r.out).toMatch(/output cosine (1|0\.\d+)/);
    expect(c.summary.evaluatedOn).toMatch(/^synthetic:/);
  }, 60_000);
});
