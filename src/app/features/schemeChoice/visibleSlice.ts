/**
 * The scheme chart draws only the layers in view. Drawn with recharts, every bar, label and tick
 * was a component and a 74-layer model's chart (222 bars, 74 four-line ticks) took
 * 0.5–1 s of main thread per render; the layers in view take a few ms. The chart scrolls
 * over a spacer as wide as the whole chart, and the slice in view is drawn at its place.
 */
import { useScrollView } from '../../components/useScrollView';

/** Layers drawn when the view's width is not known yet. */
const UNMEASURED = 12;
/** At least this many layers are drawn (so the slice's chart keeps its full-chart bar width). */
const MIN_SLICE = 5;

/**
 * The layers [first, end) under a view `viewWidth` px wide scrolled `scrollLeft` px into a
 * chart of `count` layers of `pxPerLayer` px each, plus one layer on each side.
 * Example: visibleSlice(880, 400, 74, 88) → { first: 9, end: 16 }.
 */
export function visibleSlice(scrollLeft: number, viewWidth: number, count: number, pxPerLayer: number): { first: number; end: number } {
  const n = Math.max(MIN_SLICE, viewWidth > 0 ? Math.ceil(viewWidth / pxPerLayer) + 2 : UNMEASURED);
  const first = Math.max(0, Math.min(Math.floor(scrollLeft / pxPerLayer) - 1, count - n));
  return { first, end: Math.min(count, first + n) };
}

/** visibleSlice of the scroller `el` (null while it is not mounted), following its scrolling and its size. */
export function useVisibleSlice(el: HTMLElement | null, count: number, pxPerLayer: number): { first: number; end: number } {
  const view = useScrollView(el);
  return visibleSlice(view.left, view.width, count, pxPerLayer);
}
