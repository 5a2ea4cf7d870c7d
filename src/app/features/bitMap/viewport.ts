/**
 * Zoom, scroll and hit-test maths of the bit map, kept free of the DOM so it can be tested.
 *
 * Content coordinates: column f (a filter) spans x ∈ [f·cellW, (f+1)·cellW); row l (a layer)
 * spans y ∈ [RULER_H + l·ROW_H, RULER_H + (l+1)·ROW_H). The canvas shows the window
 * [scrollX, scrollX + viewW) × [scrollY, scrollY + viewH) of that content; the top RULER_H
 * pixels of the canvas are a fixed filter-index ruler.
 */

export const ROW_H = 18;
export const RULER_H = 18;
export const MAX_CELL_W = 48;
/** Cell width the map opens at when everything fits comfortably. */
export const DEFAULT_CELL_W = 12;
export const ZOOM_STEP = 1.5;

interface CellWidthLimits {
  min: number;
  max: number;
}

/**
 * Zoom limits: fully zoomed out shows every filter of the widest layer (cells may be far
 * narrower than a pixel); fully zoomed in is MAX_CELL_W px per filter.
 * Example: viewW 800, 2048 filters → min 0.390625, max 48.
 */
export function cellWidthLimits(viewW: number, columns: number): CellWidthLimits {
  const fit = viewW > 0 && columns > 0 ? viewW / columns : MAX_CELL_W;
  return { min: Math.min(fit, MAX_CELL_W), max: MAX_CELL_W };
}

/** Initial cell width: DEFAULT_CELL_W, or narrower so that all filters fit. */
export function initialCellWidth(viewW: number, columns: number): number {
  return Math.min(DEFAULT_CELL_W, cellWidthLimits(viewW, columns).min);
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Keep a scroll offset inside [0, content − view]. Example: clampScroll(900, 1000, 300) → 700. */
export function clampScroll(scroll: number, content: number, view: number): number {
  return clamp(scroll, 0, Math.max(0, content - view));
}

interface ZoomState {
  cellW: number;
  scrollX: number;
}

/**
 * Zoom by `factor` keeping the filter under `anchorX` (px from the canvas' left edge) fixed
 * on screen, then clamp to the limits and the scrollable range.
 * Example: cellW 10, scrollX 100, anchor 50 (content x 150 = filter 15.0), factor 2 →
 * cellW 20, scrollX 250 (filter 15.0 is again at 50 px).
 */
export function zoomAround(
  state: ZoomState,
  factor: number,
  anchorX: number,
  viewW: number,
  columns: number,
): ZoomState {
  const { min, max } = cellWidthLimits(viewW, columns);
  const cellW = clamp(state.cellW * factor, min, max);
  const filterAtAnchor = (state.scrollX + anchorX) / state.cellW;
  const scrollX = clampScroll(filterAtAnchor * cellW - anchorX, columns * cellW, viewW);
  return { cellW, scrollX };
}

/** Content height of `rows` layers including the ruler. */
export function contentHeight(rows: number): number {
  return RULER_H + rows * ROW_H;
}

/**
 * How filters map to columns: 'index' puts filter f of every layer at the same x (a short
 * layer ends early); 'stretch' spreads every layer over the full width (one row per layer,
 * whatever its filter count), which reads better when widths differ by 100×.
 */
export type RowLayout = 'index' | 'stretch';

/**
 * Cell width of each row. `cellW` is the width of one filter of the widest layer, so the
 * content is `columns · cellW` wide in both layouts.
 * Example: filters [4, 16], cellW 2 → index [2, 2]; stretch [8, 2].
 */
export function rowCellWidths(filtersPerLayer: readonly number[], cellW: number, layout: RowLayout): number[] {
  const columns = filtersPerLayer.reduce((m, n) => Math.max(m, n), 0);
  return filtersPerLayer.map((n) => (layout === 'stretch' && n > 0 ? (columns * cellW) / n : cellW));
}

/**
 * Ruler step as a fraction of the row width (stretch layout), so that labels are at least
 * minSpacing px apart. Example: content 800 px → 0.1 (80 px); 200 px → 0.5.
 */
export function fractionStep(contentW: number, minSpacing = 60): number {
  for (const f of [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5]) if (f * contentW >= minSpacing) return f;
  return 1;
}

export interface Cell {
  layer: number;
  filter: number;
}

/**
 * The cell under canvas point (x, y), or null over the ruler, past the last layer, or past
 * the last filter of that layer (layers can have different filter counts). `cellW` is one
 * width for all rows or one per row (see rowCellWidths).
 */
export function hitTest(
  x: number,
  y: number,
  view: { cellW: number | readonly number[]; scrollX: number; scrollY: number },
  filtersPerLayer: readonly number[],
): Cell | null {
  if (y < RULER_H || x < 0) return null;
  const layer = Math.floor((y - RULER_H + view.scrollY) / ROW_H);
  if (layer < 0 || layer >= filtersPerLayer.length) return null;
  const cellW = typeof view.cellW === 'number' ? view.cellW : view.cellW[layer];
  const filter = Math.floor((x + view.scrollX) / cellW);
  if (filter < 0 || filter >= filtersPerLayer[layer]) return null;
  return { layer, filter };
}

/**
 * Filters drawn into the pixel column starting at content x = p (any pixel unit, as long
 * as cellW is in the same unit), as a half-open range [from, to).
 * Zoomed in (cellW ≥ 1): the one filter under the pixel centre.
 * Zoomed out (cellW < 1): every filter overlapping the pixel; the caller draws the lowest
 * bit-width among them so aggressive cuts stay visible.
 * Examples: pixelSpan(10, 4) → [2, 3); pixelSpan(10, 0.25) → [40, 44).
 */
export function pixelSpan(p: number, cellW: number): [number, number] {
  if (cellW >= 1) {
    const f = Math.floor((p + 0.5) / cellW);
    return [f, f + 1];
  }
  const from = Math.floor(p / cellW);
  const to = Math.max(from + 1, Math.ceil((p + 1) / cellW - 1e-9));
  return [from, to];
}

/**
 * A 1-2-5 tick step (in filters) so that ruler labels are at least minSpacing px apart.
 * Examples: cellW 12 → 5 (60 px); cellW 0.4 → 200 (80 px); cellW 48 → 2 (96 px).
 */
export function rulerStep(cellW: number, minSpacing = 60): number {
  for (let decade = 1; ; decade *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * decade;
      if (step * cellW >= minSpacing) return step;
    }
    if (decade > 1e9) return decade;
  }
}

/**
 * Scroll offset that brings item `index` (size `size`) fully into a window of `view` px,
 * moving as little as possible. Example: revealScroll(30, 10, 0, 200) → 110.
 */
export function revealScroll(index: number, size: number, scroll: number, view: number): number {
  const start = index * size;
  const end = start + size;
  if (start < scroll) return start;
  if (end > scroll + view) return Math.max(0, end - view);
  return scroll;
}

export interface CellRange {
  layerStart: number;
  layerEnd: number;
  filterStart: number;
  filterEnd: number;
}

/** The inclusive rectangle spanned by two cells, in ascending order. */
export function rangeBetween(a: Cell, b: Cell): CellRange {
  return {
    layerStart: Math.min(a.layer, b.layer),
    layerEnd: Math.max(a.layer, b.layer),
    filterStart: Math.min(a.filter, b.filter),
    filterEnd: Math.max(a.filter, b.filter),
  };
}

/**
 * Move a keyboard cursor by (dl, df), staying on existing cells: the filter index is clamped
 * to the target layer's filter count. Returns null when there are no cells.
 */
export function moveCursor(
  cursor: Cell | null,
  dl: number,
  df: number,
  filtersPerLayer: readonly number[],
): Cell | null {
  const rows = filtersPerLayer.length;
  if (rows === 0) return null;
  const from = cursor ?? { layer: 0, filter: 0 };
  const layer = clamp(from.layer + dl, 0, rows - 1);
  const count = filtersPerLayer[layer];
  if (count <= 0) return { layer, filter: 0 };
  return { layer, filter: clamp(from.filter + df, 0, count - 1) };
}
