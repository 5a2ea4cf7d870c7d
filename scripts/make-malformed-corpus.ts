/**
 * Writes the malformed-input corpus to .cache/malformed/ (gitignored):
 *   .cache/malformed/<id>/model.json, shards…        (kind 'model': drop the whole folder)
 *   .cache/malformed/<id>/model/… + config.json      (kind 'config': load model/, then import config.json)
 *   .cache/malformed/index.json                     ids, categories, notes, expected outcomes
 * Expected messages are stored as regex sources; every one must match the one-line error.
 *
 *   npx tsx scripts/make-malformed-corpus.ts [outDir]
 *
 * The same corpus is built in memory by the tests (scripts/malformed/corpus.ts).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildCorpus, categoryCounts, type CorpusEntry } from './malformed/corpus';

interface IndexEntry {
  id: string;
  category: string;
  kind: CorpusEntry['kind'];
  note: string;
  /** Paths relative to the entry folder. */
  files: string[];
  config?: string;
  expect: { outcome: 'error'; message: string[] } | { outcome: 'loads'; skipped?: string[]; droppedKeys?: boolean };
}

function write(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

function indexEntry(e: CorpusEntry): IndexEntry {
  const prefix = e.kind === 'config' ? 'model/' : '';
  return {
    id: e.id, category: e.category, kind: e.kind, note: e.note,
    files: [...e.files.keys()].map((k) => prefix + k),
    ...(e.config ? { config: 'config.json' } : {}),
    expect: e.expect.outcome === 'error' ? { outcome: 'error', message: e.expect.message.map((r) => r.source) } : e.expect,
  };
}

/** Writes each entry to `out`/<id>/ (see the module comment); returns the folder of each id. */
export function writeCorpus(entries: CorpusEntry[], out: string): Map<string, string> {
  rmSync(out, { recursive: true, force: true });
  const dirs = new Map<string, string>();
  for (const e of entries) {
    const dir = join(out, e.id);
    for (const [path, bytes] of e.files) write(join(dir, e.kind === 'config' ? 'model' : '', path), bytes);
    if (e.config) write(join(dir, 'config.json'), e.config);
    dirs.set(e.id, dir);
  }
  return dirs;
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = resolve(process.argv[2] ?? join(root, '.cache/malformed'));
  await tf.setBackend('cpu');
  const quiet = console.warn;
  console.warn = () => {};
  const { bases, entries } = await buildCorpus(root, { configs: true });
  console.warn = quiet;
  writeCorpus(entries, out);
  const index = { bases: [bases.primary.source, bases.secondary.source, bases.graph.source], entries: entries.map(indexEntry) };
  writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 1));
  console.log(`${entries.length} entries written to ${out}`);
  for (const [c, n] of Object.entries(categoryCounts(entries))) console.log(`  ${c.padEnd(20)} ${n}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
