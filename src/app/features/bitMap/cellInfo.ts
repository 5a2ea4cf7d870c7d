/** Tooltip text of one bit-map cell, as [label, value] rows (pure, so it is testable). */
import { formatSqnr } from '../schemeChoice/sqnr';
import { formatBits } from './bitColors';
import type { Cell } from './viewport';

interface CellInfoLayer {
  name: string;
  bits: ArrayLike<number>;
  importance?: ArrayLike<number>;
  sqnrDb?: ArrayLike<number | null>;
}

/**
 * Example: layer "conv1" (#0), filter 3 at 4 bits, importance 7, SQNR 21.04 →
 * [["Layer", "conv1 (#0)"], ["Filter", "3 of 32"], ["Bits", "4 bits"], ["Importance", "7"],
 *  ["SQNR", "21.0 dB"]]. Importance and SQNR rows appear only when the layer provides them.
 */
export function cellTooltip(layers: readonly CellInfoLayer[], cell: Cell): [string, string][] | null {
  const layer = layers[cell.layer];
  if (!layer || cell.filter < 0 || cell.filter >= layer.bits.length) return null;
  const rows: [string, string][] = [
    ['Layer', `${layer.name} (#${cell.layer})`],
    ['Filter', `${cell.filter} of ${layer.bits.length}`],
    ['Bits', formatBits(layer.bits[cell.filter])],
  ];
  if (layer.importance && cell.filter < layer.importance.length) {
    rows.push(['Importance', formatNumber(layer.importance[cell.filter])]);
  }
  if (layer.sqnrDb && cell.filter < layer.sqnrDb.length) {
    rows.push(['SQNR', formatSqnr(layer.sqnrDb[cell.filter])]);
  }
  return rows;
}

/** Three significant digits, integers as is, non-finite as "n/a". Examples: 7 → "7"; 0.012345 → "0.0123". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(3)));
}
