/** `analyze --schemes`: the flag's parsing, and a subset sweep equal to the full sweep's rows. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphModelFiles } from '../../scripts/make-graph-fixture';
import { validateConfig } from '../quant/config/restore';
import { main } from './main';
import { parseSchemes } from './schemesFlag';

const dir = mkdtempSync(join(tmpdir(), 'qs-schemes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseSchemes', () => {
  it('puts the named schemes in the studio order, once each; absent flag = all', () => {
    expect(parseSchemes(undefined)).toBeUndefined();
    expect(parseSchemes('log2,fixed, dfp,log2')).toEqual(['fixed', 'dfp', 'log2']);
    expect(parseSchemes('nlq')).toEqual(['nlq']);
  });

  it('refuses unknown and empty lists', () => {
    expect(() => parseSchemes('fixed,fixd')).toThrow(/unknown scheme 'fixd'/);
    expect(() => parseSchemes(' , ')).toThrow(/at least one scheme/);
  });
});

describe('analyze --schemes', () => {
  it('sweeps only the named schemes, with the very values of the full sweep', async () => {
    const folder = join(dir, 'graph');
    mkdirSync(folder);
    for (const [k, v] of graphModelFiles('uint8')) writeFileSync(join(folder, k), v);
    const run = async (out: string, ...extra: string[]) => {
      const err: string[] = [];
      const code = await main(['analyze', folder, '--threads', '1', '--out', out, ...extra], { out: () => {}, err: (l) => err.push(l) });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      const v = validateConfig(JSON.parse(readFileSync(out, 'utf8')));
      if (!v.ok) throw new Error(v.errors.join('; '));
      return v.config;
    };
    const full = await run(join(dir, 'full.json'));
    const part = await run(join(dir, 'part.json'), '--schemes', 'log2,fixed');
    expect(part.method.settings?.sweepSchemes).toEqual(['fixed', 'log2']);
    expect(full.method.settings?.sweepSchemes).toBeUndefined();
    expect(part.layers.length).toBe(full.layers.length);
    part.layers.forEach((l, i) => {
      const f = full.layers[i];
      expect(Object.keys(l.sweep!.weights)).toEqual(['fixed', 'log2']);
      expect(Object.keys(l.sweep!.weightsPerFilter)).toEqual(['fixed', 'log2']);
      for (const s of ['fixed', 'log2'] as const) {
        expect(l.sweep!.weights[s]).toEqual(f.sweep!.weights[s]);
        expect(l.sweep!.weightsPerFilter[s]).toEqual(f.sweep!.weightsPerFilter[s]);
      }
      expect(l.sqnr).toEqual(f.sqnr);
    });
  }, 60_000);
});
