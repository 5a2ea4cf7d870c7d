/**
 * The malformed-input corpus through the real CLI process: for every model entry that must
 * fail, `quantization-studio analyze <entry>/model.json --out …` exits with 2 and writes
 * exactly one line to stderr, no stack trace, naming the problem (the corpus regexes), and
 * writes no output file. Runs two processes at a time (one per core); its duration is reported,
 * never asserted (speed is measured by benchmarks, not tests).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli as runCli, type CliRun as Run } from './spawnCli';
import { loadBases } from '../../scripts/malformed/base';
import { modelCorpus, type CorpusEntry } from '../../scripts/malformed/corpus';
import { writeCorpus } from '../../scripts/make-malformed-corpus';

const ROOT = resolve(__dirname, '../..');
const CONCURRENCY = 2;


async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

/** The file the CLI is pointed at: the entry's model.json, or the archive for zip entries. */
function target(e: CorpusEntry, dir: string): string {
  const zip = [...e.files.keys()].find((k) => k.endsWith('.zip'));
  return join(dir, zip ?? 'model.json');
}

const work = mkdtempSync(join(tmpdir(), 'qs-malformed-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const entries = modelCorpus(await loadBases(ROOT)).filter((e) => e.expect.outcome === 'error');
const dirs = writeCorpus(entries, join(work, 'corpus'));
const started = performance.now();
const runs = new Map<string, Run>();
const all = pool(entries, CONCURRENCY, async (e) => {
  const out = join(work, `${e.id}.config.json`);
  runs.set(e.id, await runCli(['analyze', target(e, dirs.get(e.id)!), '--out', out]));
});

describe('CLI on the malformed corpus', () => {
  it(`runs all ${entries.length} failing entries to completion`, async () => {
    await all;
    expect(runs.size).toBe(entries.length);
    console.log(`CLI malformed corpus: ${entries.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);

  describe.each(entries.map((e) => [e.id, e] as const))('%s', (id, e) => {
    it('exits 2 with one stderr line naming the problem, no stack trace', async () => {
      await all;
      const r = runs.get(id)!;
      expect(r.code).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      expect(lines, r.stderr).toHaveLength(1);
      expect(r.stderr).not.toContain('    at ');
      if (e.expect.outcome === 'error') for (const re of e.expect.message) expect(lines[0]).toMatch(re);
      expect(existsSync(join(work, `${id}.config.json`))).toBe(false);
    }, 300_000);
  });
});
