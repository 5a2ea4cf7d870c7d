/**
 * The malformed-input corpus: every case built from the real demo models (see base.ts),
 * each with its expected outcome. `buildCorpus` is what the tests, the e2e spec and the
 * writer script (scripts/make-malformed-corpus.ts) use.
 */
import { loadBases, type Bases, type FileMap } from './base';
import { configCases } from './configCases';
import { contentCases } from './contentCases';
import { fileCases } from './fileCases';
import type { CorpusEntry } from './types';
import type { StudioConfig } from '../../src/quant/types';

export type { CorpusEntry, Category, Expectation } from './types';

function checkIds(entries: CorpusEntry[]): CorpusEntry[] {
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) throw new Error(`duplicate corpus id ${e.id}`);
    ids.add(e.id);
  }
  return entries;
}

export function modelCorpus(bases: Bases): CorpusEntry[] {
  return checkIds([...fileCases(bases), ...contentCases(bases)]);
}

/** The studio's own first config of a model (weights-only analysis), loaded through the real loader. */
export async function configOf(files: FileMap): Promise<StudioConfig> {
  const { loadModelFromFiles } = await import('../../src/model/load');
  const { analyzeModel } = await import('../../src/model/analyze');
  const loaded = await loadModelFromFiles(files);
  try {
    return await analyzeModel(loaded);
  } finally {
    loaded.dispose();
  }
}

/** The model whose config is imported as "a config for another model": resnet-ds when built. */
export function otherModel(bases: Bases) {
  return bases.secondary.source.startsWith('demo:resnet-ds') ? bases.secondary : bases.graph;
}

export interface Corpus {
  bases: Bases;
  entries: CorpusEntry[];
}

/**
 * All entries. With `configs`, the config cases too: they need tfjs (a CPU backend set) to
 * analyze the base model and a second model (resnet-ds when built, else the graph fixture).
 */
export async function buildCorpus(root: string, opts: { configs?: boolean } = {}): Promise<Corpus> {
  const bases = await loadBases(root);
  const entries = modelCorpus(bases);
  if (opts.configs) {
    const valid = await configOf(bases.primary.files);
    const other = await configOf(otherModel(bases).files);
    entries.push(...configCases(valid, other, bases.primary.files));
  }
  return { bases, entries: checkIds(entries) };
}

/** Counts per category, for reports and the docs. */
export function categoryCounts(entries: CorpusEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.category] = (out[e.category] ?? 0) + 1;
  return out;
}
