/**
 * The malformed-input corpus: every case built from the real demo models (see base.ts),
 * each with its expected outcome. `buildCorpus` is what the tests and the writer script use.
 */
import { loadBases, type Bases } from './base';
import { contentCases } from './contentCases';
import { fileCases } from './fileCases';
import type { CorpusEntry } from './types';

export type { CorpusEntry, Category, Expectation } from './types';

export function modelCorpus(bases: Bases): CorpusEntry[] {
  const entries = [...fileCases(bases), ...contentCases(bases)];
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) throw new Error(`duplicate corpus id ${e.id}`);
    ids.add(e.id);
  }
  return entries;
}

export async function buildCorpus(root: string): Promise<{ bases: Bases; entries: CorpusEntry[] }> {
  const bases = await loadBases(root);
  return { bases, entries: modelCorpus(bases) };
}
