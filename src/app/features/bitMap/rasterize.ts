/**
 * Rasterises the visible window of the bit map into packed RGBA pixels (no DOM), which the
 * component copies into an ImageData. Work is proportional to the visible pixels plus the
 * filters under them, never to the whole model, so streaming updates redraw cheaply.
 */
import { CODE_NONE, bitClass, classCode, codeRank, packedPalette } from './bitColors';
import { ROW_H, RULER_H, pixelSpan } from './viewport';

const PALETTE = packedPalette();
/** Separator drawn on each cell's first pixel column when cells are wide (white). */
const GRID = 0xffffffff;
/** Cells at least this wide (device px) get a 1 px separator. */
const GRID_MIN_CELL = 6;

/**
 * Colour codes of one layer (see bitColors: 0 none, 2..8 bits, 9 float).
 * Example: [2, 8, 32, NaN] → Uint8Array [2, 8, 9, 0].
 */
export function layerCodes(bits: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = classCode(bitClass(bits[i]));
  return out;
}

/** The code drawn for filters [from, to) of a layer: the lowest-ranked (fewest bits). */
export function spanCode(codes: Uint8Array, from: number, to: number): number {
  const end = Math.min(to, codes.length);
  if (from >= end || from < 0) return CODE_NONE;
  let best = codes[from];
  for (let i = from + 1; i < end; i++) if (codeRank(codes[i]) < codeRank(best)) best = codes[i];
  return best;
}

interface RasterOptions {
  codes: readonly Uint8Array[];
  /** Canvas size in device pixels. */
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
  /** View in CSS pixels: one cell width for every row, or one per row (rowCellWidths). */
  cellW: number | readonly number[];
  scrollX: number;
  scrollY: number;
}

/**
 * Fill `out` (width × height packed RGBA, row-major) with the cell colours. The ruler band
 * (top RULER_H CSS px) and the 1 px gaps between rows stay transparent (0) for the caller
 * to paint. Returns out.
 */
export function rasterize(o: RasterOptions, out = new Uint32Array(o.width * o.height)): Uint32Array {
  out.fill(0);
  const { width, height, dpr } = o;
  const scrollXD = o.scrollX * dpr;
  const top = Math.round(RULER_H * dpr);
  const gap = Math.max(1, Math.round(dpr));
  const line = new Uint32Array(width);
  const firstRow = Math.max(0, Math.floor(o.scrollY / ROW_H));
  for (let l = firstRow; l < o.codes.length; l++) {
    const y0 = Math.max(top, Math.round((RULER_H + l * ROW_H - o.scrollY) * dpr));
    const y1 = Math.min(height, Math.round((RULER_H + (l + 1) * ROW_H - o.scrollY) * dpr) - gap);
    if (y0 >= height) break;
    if (y1 <= y0) continue;
    const codes = o.codes[l];
    const cellD = (typeof o.cellW === 'number' ? o.cellW : o.cellW[l]) * dpr;
    const grid = cellD >= GRID_MIN_CELL;
    for (let px = 0; px < width; px++) {
      const p = scrollXD + px;
      const [from, to] = pixelSpan(p, cellD);
      const code = spanCode(codes, from, to);
      let colour = PALETTE[code];
      if (grid && code !== CODE_NONE && Math.floor(p / cellD) !== Math.floor((p - 1) / cellD)) colour = GRID;
      line[px] = colour;
    }
    for (let y = y0; y < y1; y++) out.set(line, y * width);
  }
  return out;
}
