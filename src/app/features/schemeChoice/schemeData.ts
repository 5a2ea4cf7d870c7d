/**
 * Pure data of the scheme-choice chart: per layer, the SQNR of fixed-point against the two
 * log schemes at the layer's bit-width, read from `layer.sweep`, and MXQN's rule "pick the
 * scheme with the higher SQNR" (docs/methods.md, MXQN).
 */
import type { ActivationScheme, LayerConfig, SchemeBitsTable, SqnrJson, WeightScheme } from '../../../quant/types';
import { SWEEP_BITS } from '../../../quant/types';
import { readSqnr } from '../../../quant/sqnr';
import { drawableSqnr } from './sqnr';

export type SchemeTarget = 'weights' | 'activations';
/** The schemes compared side by side: fixed-point against log base 2 and base √2. */
export const COMPARED_SCHEMES = ['fixed', 'log2', 'log2-sqrt2'] as const;
export type ComparedScheme = (typeof COMPARED_SCHEMES)[number];

/** Colour-blind-safe colours (Okabe–Ito) and dash patterns per scheme, shared by the feature charts. */
export const SCHEME_COLORS: Readonly<Record<WeightScheme, string>> = {
  fixed: '#0072b2',
  'fixed-clip': '#56b4e9',
  dfp: '#009e73',
  log2: '#e69f00',
  'log2-sqrt2': '#d55e00',
  nlq: '#cc79a7',
};
export const SCHEME_DASH: Readonly<Record<WeightScheme, string | undefined>> = {
  fixed: undefined,
  'fixed-clip': '6 3',
  dfp: '2 2',
  log2: undefined,
  'log2-sqrt2': '6 3',
  nlq: '2 2',
};
export const SCHEME_LABELS: Readonly<Record<WeightScheme, string>> = {
  fixed: 'fixed-point',
  'fixed-clip': 'fixed-point, clipped',
  dfp: 'dynamic fixed-point',
  log2: 'log₂',
  'log2-sqrt2': 'log √2 step',
  nlq: 'NLQ (shared log unit)',
};

export function schemeFamily(s: string): 'log' | 'fixed' {
  return s === 'log2' || s === 'log2-sqrt2' || s === 'nlq' ? 'log' : 'fixed';
}

/**
 * The bit-width a layer is compared at: the override if given; else its weight bits (the
 * rounded mean when bits are per filter) or its activation bits. Float activations
 * (bits null) are compared at 8 bits and say so.
 * Examples: bits 4 → { bits: 4, note: '' }; [2, 4, 4, 5] → { bits: 4, note: '≈ mean of per-filter bits' }.
 */
export function comparisonBits(layer: LayerConfig, target: SchemeTarget, override?: number): { bits: number; note: string } {
  if (override !== undefined) return { bits: override, note: '' };
  if (target === 'weights') {
    const b = layer.weights.bits;
    if (typeof b === 'number') return { bits: b, note: '' };
    const finite = b.filter((v) => Number.isFinite(v));
    if (finite.length === 0) return { bits: 8, note: 'no bits set: shown at 8' };
    const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
    return { bits: clampBits(Math.round(mean)), note: '≈ mean of per-filter bits' };
  }
  const a = layer.activations;
  if (a.scheme === 'float' || a.bits === null) return { bits: 8, note: 'float now: shown at 8' };
  return { bits: a.bits, note: '' };
}

function clampBits(b: number): number {
  return Math.min(SWEEP_BITS[SWEEP_BITS.length - 1], Math.max(SWEEP_BITS[0], b));
}

/** The sweep table of a layer for a target (undefined when not computed). */
function sweepTable(layer: LayerConfig, target: SchemeTarget): SchemeBitsTable<string, SqnrJson> | undefined {
  return target === 'weights' ? layer.sweep?.weights : layer.sweep?.activations;
}

/**
 * MXQN's pick: the compared scheme with the highest SQNR (Infinity beats everything; null
 * never wins). Ties go to fixed-point (simpler hardware), then log2. None defined → null.
 * Example: { fixed: 12.1, log2: 14.9, 'log2-sqrt2': 13 } → 'log2'.
 */
export function mxqnPick(values: Readonly<Partial<Record<ComparedScheme, number | null>>>): ComparedScheme | null {
  let best: ComparedScheme | null = null;
  let bestV = -Infinity;
  for (const s of COMPARED_SCHEMES) {
    const v = values[s];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    if (best === null || v > bestV) {
      best = s;
      bestV = v;
    }
  }
  return best;
}

interface SchemeRow {
  index: number;
  name: string;
  /** Short display name (default: name). */
  label: string;
  bits: number;
  bitsNote: string;
  /** SQNR per compared scheme (number | null, Infinity = lossless); undefined = not in the sweep. */
  sqnr: Partial<Record<ComparedScheme, number | null>>;
  /** The layer's configured scheme for this target ('float' for unquantized activations). */
  chosen: string;
  pick: ComparedScheme | null;
  /** "MXQN picks log" (activations) / "best: fixed" (weights); "no sweep" without data. */
  pickLabel: string;
}

export function schemeRows(layers: readonly LayerConfig[], target: SchemeTarget, bitsOverride?: number,
  labelOf: (name: string) => string = (n) => n): SchemeRow[] {
  return layers.map((layer, index) => {
    const { bits, note } = comparisonBits(layer, target, bitsOverride);
    const table = sweepTable(layer, target);
    const sqnr: SchemeRow['sqnr'] = {};
    for (const s of COMPARED_SCHEMES) {
      const col = table?.[s];
      if (col && String(bits) in col) sqnr[s] = readSqnr(col[String(bits)]);
    }
    const pick = mxqnPick(sqnr);
    const chosen = target === 'weights' ? layer.weights.scheme : layer.activations.scheme;
    const pickLabel = pick === null ? 'no sweep' : target === 'activations' ? `MXQN picks ${schemeFamily(pick)}` : `best: ${schemeFamily(pick)}`;
    return { index, name: layer.name, label: labelOf(layer.name), bits, bitsNote: note, sqnr, chosen, pick, pickLabel };
  });
}

/** A bar-chart datum: drawable (capped, finite) heights per scheme plus the row. */
export type BarDatum = { name: string; row: SchemeRow } & Partial<Record<ComparedScheme, number | null>>;

export function barData(rows: readonly SchemeRow[], cap: number): BarDatum[] {
  return rows.map((row) => {
    const d: BarDatum = { name: row.name, row };
    for (const s of COMPARED_SCHEMES) d[s] = drawableSqnr(row.sqnr[s], cap);
    return d;
  });
}

/** One x position of the SQNR-vs-bits small multiples: raw and drawable values per scheme. */
export interface CurvePoint {
  bits: number;
  values: Partial<Record<string, number | null>>;
  raw: Partial<Record<string, number | null>>;
}

/**
 * SQNR-vs-bits (2..8) for every scheme present in a layer's sweep table, capped for drawing.
 * Bits missing from the table are null (a gap), never NaN.
 */
export function curvePoints(layer: LayerConfig, target: SchemeTarget, cap: number): { schemes: string[]; points: CurvePoint[] } {
  const table = sweepTable(layer, target);
  if (!table) return { schemes: [], points: [] };
  const order: string[] = target === 'weights'
    ? ['fixed', 'fixed-clip', 'dfp', 'log2', 'log2-sqrt2', 'nlq']
    : (['fixed', 'log2', 'log2-sqrt2'] satisfies ActivationScheme[]);
  const schemes = order.filter((s) => table[s] !== undefined);
  const points = SWEEP_BITS.map((bits) => {
    const values: CurvePoint['values'] = {};
    const raw: CurvePoint['raw'] = {};
    for (const s of schemes) {
      const v = table[s]?.[String(bits)];
      raw[s] = readSqnr(v);
      values[s] = drawableSqnr(v, cap);
    }
    return { bits, values, raw };
  });
  return { schemes, points };
}

/** Every SQNR in the rows / a layer's tables, for choosing a drawing cap. */
export function allRowValues(rows: readonly SchemeRow[]): (number | null)[] {
  return rows.flatMap((r) => COMPARED_SCHEMES.map((s) => r.sqnr[s] ?? null));
}
