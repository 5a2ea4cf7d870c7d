/**
 * docs/results.md cannot go stale: its check block must name the current sources (the hash
 * of scripts/results.ts's import closure) and the fast subset of its figures must come out
 * the same when recomputed now (LeNet, deterministic methods, about a minute on 2 cores).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/cli/backend';
import { Bench, demoData, quickSubset, ROOT } from './experiments';
import { readCheckBlock, sourceHash, subsetFigures, type CheckBlock } from './report';

const doc = readFileSync(join(ROOT, 'docs/results.md'), 'utf8');
let check: CheckBlock | null;

describe('docs/results.md matches the code', () => {
  beforeAll(() => { check = readCheckBlock(doc); });

  it('names its commit and was generated from the current method, quantizer and evaluation sources', async () => {
    expect(check, 'docs/results.md has no check block: run `npm run results`').not.toBeNull();
    expect(check!.commit).toMatch(/^[0-9a-f]{40}/);
    expect(doc).toContain(check!.commit);
    const now = await sourceHash();
    expect(now.hash, 'docs/results.md was generated from other sources: run `npm run results` and commit docs/results.md').toBe(check!.sourceHash);
  });

  it('the teaching panel shows the verdicts of this page', () => {
    const ui = JSON.parse(readFileSync(join(ROOT, 'src/app/features/teaching/claimVerdicts.json'), 'utf8')) as { verdicts: unknown };
    expect(ui.verdicts).toEqual(check!.verdicts);
  });

  it('the fast subset of figures comes out the same (LeNet)', async () => {
    await initBackend('wasm');
    const b = await Bench.open('lenet', demoData());
    const now = subsetFigures(await quickSubset(b));
    b.loaded.dispose();
    expect(now.map((f) => f.label)).toEqual(check!.subset.map((f) => f.label));
    now.forEach((f, i) => {
      const was = check!.subset[i];
      expect(f.correct, `${f.label}: correct images`).toBe(was.correct);
      expect(f.n).toBe(was.n);
      expect(f.averageBits).toBeCloseTo(was.averageBits, 9);
      expect(f.sizeBytes).toBeCloseTo(was.sizeBytes, 6);
      expect(f.bitops / was.bitops).toBeCloseTo(1, 12);
    });
  }, 300_000);
});
