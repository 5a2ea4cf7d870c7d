/**
 * Bit map feature: a layers × filters heat map of bit-widths (canvas).
 *
 * ```tsx
 * <BitMap
 *   layers={[{ name: 'conv1', bits: [8, 4, 4, 2], importance: [3, 1, 0, 0], sqnrDb: [40.1, 21, 20.7, null] }]}
 *   selected={{ layer: 0, filter: 2 }}
 *   onSelect={(layer, filter) => …}        // filter undefined = whole layer (name clicked)
 *   onSelectRange={(r) => …}               // { layerStart, layerEnd, filterStart, filterEnd }, inclusive
 * />
 * ```
 *
 * Props
 * - `layers`: one row per layer; `bits[f]` is filter f's bit-width. 2..8 are coloured, 9..31 draw
 *   as 8, ≥ 32 or Infinity = "float", NaN or < 2 = blank. A per-tensor layer is passed as
 *   `new Array(filters).fill(bits)`. Layers may have different filter counts. Treat props as
 *   immutable: pass a new `layers` array (and new `bits` arrays for changed layers) on every update;
 *   redraws are batched to one per animation frame and only the visible window is rasterised.
 * - `importance?`, `sqnrDb?` (per filter): shown in the hover tooltip (SQNR: Infinity → "lossless",
 *   null → "n/a").
 * - `selected?`: outlined row (`filter` undefined) or cell.
 * - `onSelect?(layer, filter?)`, `onSelectRange?(range)`: dragging only brushes when onSelectRange is given.
 * - `maxHeight?`: max height of the scrolling area in px (default 360).
 *
 * Test ids: `bitmap.canvas` (the canvas, focusable), `bitmap.tooltip` (hover/keyboard tooltip),
 * `bitmap.row` (layer-name buttons, one per layer), `bitmap.zoomIn`, `bitmap.zoomOut`, `bitmap.fit`,
 * `bitmap.empty` (shown instead of the canvas when there are no layers/filters).
 *
 * Keyboard (canvas focused): arrows move, PageUp/PageDown by a screen, Home/End, Enter/Space select,
 * Shift+arrows extend a range (Enter commits it to onSelectRange), Esc clears it, +/− zoom, 0 fits.
 * Mouse: Ctrl/⌘ + wheel zooms around the pointer; a plain wheel scrolls.
 */
export { BitMap } from './BitMap';
export type { BitMapLayer, BitMapProps, BitMapSelection } from './BitMap';
export type { Cell, CellRange } from './viewport';
export { BIT_COLORS, BIT_LEGEND, FLOAT_BITS, FLOAT_COLOR, bitClass, bitColor, formatBits } from './bitColors';
