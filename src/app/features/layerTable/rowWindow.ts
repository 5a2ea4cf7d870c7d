/**
 * The layer table (and the compare table) draws only the rows in view (plus a few on each side) and the active row,
 * with spacer rows standing in for the others, so a 100-layer model commits and lays out
 * about 30 rows instead of 100 (each row: a sparkline, a number field, a 6-option select).
 * Rows have one fixed height (ROW_HEIGHT, set in styles.css), so where a row sits is known
 * without measuring it.
 */
import { useScrollView } from '../../components/useScrollView';

/** A body row's height in px; `table.layers tbody tr.layer-row` in styles.css has the same. */
export const ROW_HEIGHT = 37;
/** Rows drawn beyond each edge of the view. */
const OVERSCAN = 6;
/** Rows drawn while the view's height is not known yet. */
const UNMEASURED = 24;

/**
 * The rows [first, end) of `count` that a view `viewHeight` px tall, scrolled `scrollTop` px
 * into the table, shows, with OVERSCAN more on each side.
 * Example: rowWindow(370, 630, 74, 37) → { first: 4, end: 34 }.
 */
export function rowWindow(scrollTop: number, viewHeight: number, count: number, rowHeight = ROW_HEIGHT): { first: number; end: number } {
  if (viewHeight <= 0) return { first: 0, end: Math.min(count, UNMEASURED) };
  const first = Math.max(0, Math.min(count, Math.floor(scrollTop / rowHeight) - OVERSCAN));
  const end = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + OVERSCAN);
  return { first, end: Math.max(first, end) };
}

/** What the body draws, in order: a run of rows by index, or a gap of `rows` rows' height. */
export type BodyPart = { rows: [number, number] } | { gap: number };

/**
 * The rows [first, end) and the row `keep` (the active row: it holds the table's Tab stop and
 * the focus, so it is drawn wherever it is), with the gaps between them, for `count` rows.
 * Example: bodyParts(10, 20, 40, 2) → [gap 2, rows 2–3, gap 7, rows 10–20, gap 20].
 */
export function bodyParts(first: number, end: number, count: number, keep: number | null): BodyPart[] {
  const runs: [number, number][] = [[first, end]];
  if (keep !== null && keep >= 0 && keep < count) runs.push([keep, keep + 1]);
  runs.sort((a, b) => a[0] - b[0]);
  const parts: BodyPart[] = [];
  let at = 0;
  for (const [a, b] of runs) {
    if (b <= a) continue;
    const last = parts[parts.length - 1];
    if (a <= at && last && 'rows' in last) {
      // Touches or overlaps the run before it: one run.
      last.rows[1] = Math.max(last.rows[1], b);
      at = last.rows[1];
      continue;
    }
    if (a > at) parts.push({ gap: a - at });
    parts.push({ rows: [a, b] });
    at = b;
  }
  if (count > at) parts.push({ gap: count - at });
  return parts;
}

/** rowWindow of the scroller `el` (null until mounted), following its scrolling and size. */
export function useRowWindow(el: HTMLElement | null, count: number, rowHeight = ROW_HEIGHT): { first: number; end: number } {
  const view = useScrollView(el);
  return rowWindow(view.top, view.height, count, rowHeight);
}
