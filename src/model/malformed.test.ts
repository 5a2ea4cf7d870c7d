/**
 * The malformed-input corpus (scripts/malformed/) through the real loader: every entry
 * either loads or fails with a one-line ModelLoadError matching its expected message,
 * within 5 s, and no entry pollutes Object.prototype. Dropped zips go through
 * expandArchives first, as the page and the CLI do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadBases } from '../../scripts/malformed/base';
import { categoryCounts, modelCorpus, type CorpusEntry } from '../../scripts/malformed/corpus';
import { ModelLoadError } from './errors';
import { expandArchives } from './guards';
import { loadModelFromFiles } from './load';

const bases = await loadBases(process.cwd());
const entries = modelCorpus(bases);
const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const cleanProto = protoKeys();

beforeAll(async () => {
  await tf.setBackend('cpu');
  console.warn = () => {};
});

type Outcome = { ok: true; skipped: string[]; dropped: string[]; layers: number } | { ok: false; error: unknown };

async function attempt(e: CorpusEntry): Promise<Outcome> {
  try {
    const m = await loadModelFromFiles(expandArchives(e.files));
    const out = { ok: true as const, skipped: m.skipped.map((s) => s.name), dropped: m.droppedKeys, layers: m.layers.length };
    m.dispose();
    return out;
  } catch (error) {
    return { ok: false, error };
  }
}

describe('malformed corpus', () => {
  it('is large and systematic (≥ 50 entries, every category present)', () => {
    expect(entries.length).toBeGreaterThanOrEqual(50);
    const counts = categoryCounts(entries);
    for (const c of ['truncated-shard', 'overlong-shard', 'missing-shard', 'empty-file', 'invalid-json', 'not-a-model',
      'unknown-dtype', 'shape-mismatch', 'bad-dimension', 'absurd-size', 'non-finite', 'unsupported-layer', 'prototype-keys', 'zip']) {
      expect(counts[c], c).toBeGreaterThan(0);
    }
  });

  describe.each(entries.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    it(`${e.expect.outcome === 'error' ? 'fails clearly' : 'loads'} within 5 s (${e.note})`, async () => {
      const t0 = performance.now();
      const got = await attempt(e);
      const ms = performance.now() - t0;
      expect(ms, 'took longer than 5 s').toBeLessThan(5000);
      expect(protoKeys(), 'Object.prototype was polluted').toBe(cleanProto);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (e.expect.outcome === 'error') {
        expect(got.ok, 'expected an error, but it loaded').toBe(false);
        const err = (got as { error: unknown }).error;
        expect(err).toBeInstanceOf(ModelLoadError);
        const message = (err as Error).message;
        expect(message).not.toMatch(/\n/);
        for (const re of e.expect.message) expect(message).toMatch(re);
      } else {
        if (!got.ok) throw new Error(`expected to load, got: ${(got.error as Error).message}`);
        expect(got.layers).toBeGreaterThan(0);
        for (const name of e.expect.skipped ?? []) expect(got.skipped).toContain(name);
        if (e.expect.droppedKeys) expect(got.dropped.length).toBeGreaterThan(0);
      }
    }, 10_000);
  });
});
