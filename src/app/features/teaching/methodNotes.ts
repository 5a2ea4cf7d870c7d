/**
 * Plain-language notes for the teaching panel: one per scheme (shown next to its levels)
 * and one per method. Formulas are plain Unicode text. Sources: docs/methods.md
 * and the doc comments of src/quant; "reconstruction" marks methods whose papers' full text
 * is not public, so the studio implements its own reading of the abstract.
 */
import type { WeightScheme } from '../../../quant/types';
import notes from './notes.json';

export interface SchemeNote {
  scheme: WeightScheme;
  name: string;
  formula: string;
  summary: string;
}

/** The notes' text lives in notes.json (copy, not code); the record type makes every scheme have one. */
const note = (scheme: WeightScheme): SchemeNote => ({ scheme, ...notes.schemes[scheme] });
export const SCHEME_NOTES: Readonly<Record<WeightScheme, SchemeNote>> = {
  fixed: note('fixed'), 'fixed-clip': note('fixed-clip'), dfp: note('dfp'),
  log2: note('log2'), 'log2-sqrt2': note('log2-sqrt2'), nlq: note('nlq'),
};

export interface MethodNote {
  key: string;
  name: string;
  formula: string;
  paragraph: string;
  /** True when the studio implements its own reconstruction from a paper's abstract. */
  reconstruction: boolean;
  source: string;
}

export const METHOD_NOTES: readonly MethodNote[] = notes.methods;
