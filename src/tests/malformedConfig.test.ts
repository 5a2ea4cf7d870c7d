/**
 * The config half of the malformed corpus (scripts/malformed/configCases.ts), cut from the
 * studio's own analysis of the demo model: each config goes through the import path —
 * safe JSON parse, then the page's importConfig (src/app/flows/configIn.ts: the
 * shared validator — run by the worker's validateConfig, here called directly in place of the
 * worker — then the check against the loaded model) — and must be accepted, or refused
 * with a one-line message naming the problem, within 5 s.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadBases } from '../../scripts/malformed/base';
import { configCases } from '../../scripts/malformed/configCases';
import { configOf, otherModel } from '../../scripts/malformed/corpus';
import { importConfig as pageImport } from '../app/flows/configIn';
import { loadModelFromFiles } from '../model/load';
import { safeJsonParse } from '../model/safeJson';
import { validateConfig } from '../quant/config/restore';
import { summarize, type ModelSummary } from '../../workers/session';

vi.mock('../app/bridge', () => ({
  // The worker's API method is the shared validateConfig; the page reaches it over comlink.
  worker: { validateConfig: (raw: unknown) => Promise.resolve(validateConfig(raw)) },
}));

await tf.setBackend('cpu');
console.warn = () => {};
const bases = await loadBases(process.cwd());
const entries = configCases(await configOf(bases.primary.files), await configOf(otherModel(bases).files), bases.primary.files);
let model: ModelSummary;

beforeAll(async () => {
  const loaded = await loadModelFromFiles(bases.primary.files);
  model = summarize(loaded, 'files');
  loaded.dispose();
});

/** The page's import path for a dropped config; throws one-line Errors. */
async function importConfig(bytes: Uint8Array, file = 'config.json') {
  let raw: unknown;
  try {
    raw = safeJsonParse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).value;
  } catch (e) {
    throw new Error(`${file}: invalid JSON (${(e as Error).message})`, { cause: e });
  }
  return pageImport(raw, model, file);
}

describe('malformed config corpus', () => {
  it('covers other-model, bits, schemes and format/version', () => {
    const cats = new Set(entries.map((e) => e.category));
    for (const c of ['config-other-model', 'config-bits', 'config-scheme', 'config-format']) expect(cats).toContain(c);
  });

  describe.each(entries.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    it(`${e.expect.outcome === 'error' ? 'is refused clearly' : 'is accepted'} within 5 s (${e.note})`, async () => {
      const t0 = performance.now();
      let message: string | null = null;
      try {
        await importConfig(e.config!);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (e.expect.outcome === 'loads') {
        expect(message).toBeNull();
        return;
      }
      expect(message, 'expected the config to be refused').not.toBeNull();
      expect(message).not.toMatch(/\n/);
      for (const re of e.expect.message) expect(message).toMatch(re);
    });
  });
});
