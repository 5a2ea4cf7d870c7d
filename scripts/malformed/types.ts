/** Shape of one malformed-corpus entry and of its expected outcome. */
import type { FileMap } from './base';

export type Category =
  | 'truncated-shard' | 'overlong-shard' | 'missing-shard' | 'empty-file' | 'invalid-json' | 'not-a-model'
  | 'unknown-dtype' | 'shape-mismatch' | 'bad-dimension' | 'absurd-size' | 'non-finite' | 'unsupported-layer'
  | 'prototype-keys' | 'zip' | 'config-other-model' | 'config-bits' | 'config-scheme' | 'config-format' | 'control';

export type Expectation =
  /** Every pattern must match the one-line message. */
  | { outcome: 'error'; message: RegExp[] }
  /** Loads; `skipped` names layers/ops that must be listed as skipped. */
  | { outcome: 'loads'; skipped?: string[]; droppedKeys?: boolean };

export interface CorpusEntry {
  /** Unique, filesystem-safe id, e.g. 'truncated-shard-50pct'. */
  id: string;
  category: Category;
  /** What was done to the base model, in a few words. */
  note: string;
  /** 'model': `files` is dropped; 'config': `config` is imported against the model in `files`. */
  kind: 'model' | 'config';
  files: FileMap;
  config?: Uint8Array;
  expect: Expectation;
}

export const error = (...message: RegExp[]): Expectation => ({ outcome: 'error', message });
export const loads = (extra: Omit<Extract<Expectation, { outcome: 'loads' }>, 'outcome'> = {}): Expectation => ({ outcome: 'loads', ...extra });

/** Escapes a literal for use inside a RegExp (file and weight names). */
export function lit(s: string): RegExp {
  return new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
