/**
 * Pure zoom arithmetic of the Pareto chart: a dragged rectangle (or band) in pixels turned
 * into a window of the log x axis and the linear y axis, zoom in/out around a point, the
 * window kept inside the data's extent with a minimum width, which points fall inside, and
 * ticks for a zoomed range. No NaN, no zero-width and no x ≤ 0 window ever leaves this module.
 */

export type Range = [number, number];

/** The visible part of the chart: x in axis units (log scale, > 0), y in percent. */
export interface ZoomWindow {
  x: Range;
  y: Range;
}

/** The plot area inside the chart's SVG, in px (recharts' usePlotArea). */
export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Pixel {
  px: number;
  py: number;
}

/** The narrowest x window: its ends at least this ratio apart (so 3-digit tick labels stay distinct). */
export const MIN_X_RATIO = 1.1;
/** The narrowest y window, in percentage points. */
export const MIN_Y_SPAN = 0.5;
/** A drag shorter than this (px) along an axis does not zoom that axis: shorter both ways is a click. */
export const MIN_DRAG_PX = 6;

const finite = (r: readonly number[]) => r.every((v) => Number.isFinite(v));

/**
 * Fits [lo, hi] inside [oLo, oHi] in a linear space: sorted, at least `minSpan` wide (grown
 * around its centre), no wider than the outer range, shifted inside it. Non-finite → outer.
 * Example: fitLinear([95, 95], [0, 100], 0.5) → [94.75, 95.25]; fitLinear([98, 103], [0, 100], 1) → [95, 100].
 */
export function fitLinear(r: readonly [number, number], outer: readonly [number, number], minSpan: number): Range {
  const o: Range = outer[0] <= outer[1] ? [outer[0], outer[1]] : [outer[1], outer[0]];
  if (!finite(o)) return [0, 100];
  const oSpan = o[1] - o[0];
  if (!finite(r) || oSpan <= minSpan) return o;
  const lo = Math.min(r[0], r[1]);
  const hi = Math.max(r[0], r[1]);
  // Width and centre separately: a window far outside (1e300 ± 0.25 is 1e300) still gets its width.
  const span = Math.max(minSpan, hi - lo);
  if (!(span < oSpan)) return o;
  const c = Math.min(o[1] - span / 2, Math.max(o[0] + span / 2, lo / 2 + hi / 2));
  return [Math.max(o[0], c - span / 2), Math.min(o[1], c + span / 2)];
}

/** A usable log range: both ends finite and > 0, sorted, apart (else [1, 10]). */
export function safeLogRange(r: readonly [number, number]): Range {
  const [a, b] = r;
  if (!(a > 0) || !(b > 0) || !finite(r)) return [1, 10];
  if (a === b) return [a / 2, a * 2];
  return a < b ? [a, b] : [b, a];
}

/** fitLinear in log10 space: the x window inside the outer x range, at least MIN_X_RATIO wide, never ≤ 0. */
export function fitLog(r: readonly [number, number], outer: readonly [number, number]): Range {
  const o = safeLogRange(outer);
  const lr: [number, number] = r[0] > 0 && r[1] > 0 ? [Math.log10(r[0]), Math.log10(r[1])] : [NaN, NaN];
  const [lo, hi] = fitLinear(lr, [Math.log10(o[0]), Math.log10(o[1])], Math.log10(MIN_X_RATIO));
  return [10 ** lo, 10 ** hi];
}

/** A window fitted inside the outer one (see fitLog, fitLinear). */
export function fitWindow(w: ZoomWindow, outer: ZoomWindow): ZoomWindow {
  return { x: fitLog(w.x, outer.x), y: fitLinear(w.y, outer.y, MIN_Y_SPAN) };
}

/**
 * The data coordinates under a pixel of the plot (clamped to the plot's edges), for a log
 * x axis and a linear y axis showing `w`; null when the plot has no area.
 */
export function pixelToData(p: Pixel, area: PlotArea, w: ZoomWindow): { x: number; y: number } | null {
  if (!finite([p.px, p.py, area.x, area.y, area.width, area.height]) || area.width <= 0 || area.height <= 0) return null;
  const x = safeLogRange(w.x);
  const fx = Math.min(1, Math.max(0, (p.px - area.x) / area.width));
  const fy = Math.min(1, Math.max(0, (p.py - area.y) / area.height));
  const [l0, l1] = [Math.log10(x[0]), Math.log10(x[1])];
  return { x: 10 ** (l0 + fx * (l1 - l0)), y: w.y[1] - fy * (w.y[1] - w.y[0]) };
}

/** Whether a pixel lies on the plot area (edges included). */
export function onPlot(p: Pixel, area: PlotArea | null | undefined): boolean {
  return !!area && p.px >= area.x && p.px <= area.x + area.width && p.py >= area.y && p.py <= area.y + area.height;
}

export type SelectionKind = 'box' | 'x-band' | 'y-band';

/**
 * The window a drag from `a` to `b` selects, as drawn (not yet fitted): a box, or a band
 * along one axis when the drag is shorter than MIN_DRAG_PX along the other (that axis keeps
 * `w`'s range); null for a click (short both ways) or a plot without area.
 */
export function selectionWindow(a: Pixel, b: Pixel, area: PlotArea, w: ZoomWindow): { window: ZoomWindow; kind: SelectionKind } | null {
  const dx = Math.abs(a.px - b.px);
  const dy = Math.abs(a.py - b.py);
  if (!(dx >= MIN_DRAG_PX) && !(dy >= MIN_DRAG_PX)) return null;
  const p = pixelToData(a, area, w);
  const q = pixelToData(b, area, w);
  if (!p || !q) return null;
  const x: Range = dx >= MIN_DRAG_PX ? [Math.min(p.x, q.x), Math.max(p.x, q.x)] : [w.x[0], w.x[1]];
  const y: Range = dy >= MIN_DRAG_PX ? [Math.min(p.y, q.y), Math.max(p.y, q.y)] : [w.y[0], w.y[1]];
  return { window: { x, y }, kind: dx < MIN_DRAG_PX ? 'y-band' : dy < MIN_DRAG_PX ? 'x-band' : 'box' };
}

/**
 * Zoom by `factor` (< 1 in, > 1 out) around `centre` (default: the window's middle), which
 * keeps its place on screen; x scales in log space. Fitted inside `outer`.
 * Example: zoomAround({ x: [1, 100], y: [80, 100] }, outer, null, 0.5) → { x: [3.16…, 31.6…], y: [85, 95] }.
 */
export function zoomAround(w: ZoomWindow, outer: ZoomWindow, centre: { x: number; y: number } | null, factor: number): ZoomWindow {
  const f = Number.isFinite(factor) && factor > 0 ? factor : 1;
  const x = safeLogRange(w.x);
  const [l0, l1] = [Math.log10(x[0]), Math.log10(x[1])];
  const cx = centre && centre.x > 0 && Number.isFinite(centre.x) ? Math.min(l1, Math.max(l0, Math.log10(centre.x))) : (l0 + l1) / 2;
  const cy = centre && Number.isFinite(centre.y) ? Math.min(w.y[1], Math.max(w.y[0], centre.y)) : (w.y[0] + w.y[1]) / 2;
  const scaled: ZoomWindow = {
    x: [10 ** (cx - (cx - l0) * f), 10 ** (cx + (l1 - cx) * f)],
    y: [cy - (cy - w.y[0]) * f, cy + (w.y[1] - cy) * f],
  };
  return fitWindow(scaled, outer);
}

/** Whether `inner` covers `outer` entirely (within a hair): zooming out that far is the full view. */
export function covers(inner: ZoomWindow, outer: ZoomWindow): boolean {
  const tol = (r: Range) => (r[1] - r[0]) * 1e-9;
  return inner.x[0] <= outer.x[0] + tol(outer.x) && inner.x[1] >= outer.x[1] - tol(outer.x)
    && inner.y[0] <= outer.y[0] + tol(outer.y) && inner.y[1] >= outer.y[1] - tol(outer.y);
}

export interface Split<T> {
  inside: T[];
  below: number;
  above: number;
  left: number;
  right: number;
}

/**
 * Points inside the window (edges included) and how many lie outside on each side; a point
 * outside on both axes counts once, by its y side (below / above) first.
 */
export function splitByWindow<T extends { x: number; y: number }>(points: readonly T[], w: ZoomWindow): Split<T> {
  const out: Split<T> = { inside: [], below: 0, above: 0, left: 0, right: 0 };
  const ey = (w.y[1] - w.y[0]) * 1e-9;
  for (const p of points) {
    if (p.y < w.y[0] - ey) out.below++;
    else if (p.y > w.y[1] + ey) out.above++;
    else if (p.x < w.x[0] * (1 - 1e-9)) out.left++;
    else if (p.x > w.x[1] * (1 + 1e-9)) out.right++;
    else out.inside.push(p);
  }
  return out;
}

/** The largest step of 1-2-5 × 10^k that fits at least `n` times into `span`. */
function niceStep(span: number, n: number): number {
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [5, 2, 1].map((m) => m * p).find((s) => s <= raw) ?? p;
}

/** Rounds away float noise of a tick at the step's precision (0.30000000000000004 → 0.3). */
function roundTo(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(20, digits)));
}

/**
 * 3 to 8 round ticks inside a linear range (1-2-5 steps, any size).
 * Examples: [90, 100] → [90, 92, …, 100]; [92.3, 93.1] → [92.4, 92.6, 92.8, 93].
 */
export function linearTicks(r: readonly [number, number]): number[] {
  if (!finite(r)) return [];
  const [lo, hi] = r[0] <= r[1] ? r : [r[1], r[0]];
  if (hi - lo <= 0) return [lo];
  const step = niceStep(hi - lo, 3);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) out.push(roundTo(t, step));
  return out;
}

/**
 * Ticks for a zoomed log range: the 1-2-5 ticks of each decade when at least 3 fall inside,
 * else round linear ticks (a narrow log range is nearly linear); ticks closer than 1/8 of
 * the range (in log space) to the previous one are dropped so labels do not collide.
 * Examples: [20, 2000] → [20, 50, 100, 200, 500, 1000, 2000]; [100, 130] → [100, 110, 120, 130].
 */
export function logTicks(r: readonly [number, number]): number[] {
  const [lo, hi] = safeLogRange(r);
  let ticks: number[] = [];
  for (let d = 10 ** Math.floor(Math.log10(lo)); d <= hi; d *= 10) {
    for (const m of [1, 2, 5]) if (m * d >= lo * (1 - 1e-12) && m * d <= hi * (1 + 1e-12)) ticks.push(Number((m * d).toPrecision(12)));
  }
  if (ticks.length < 3) ticks = linearTicks([lo, hi]);
  const gap = (Math.log10(hi) - Math.log10(lo)) / 8;
  const kept: number[] = [];
  for (const t of ticks) if (kept.length === 0 || Math.log10(t) - Math.log10(kept[kept.length - 1]) >= gap * (1 - 1e-9)) kept.push(t);
  return kept;
}

/**
 * Text of a y value in a zoomed range: the decimals its ticks' step needs (linearTicks).
 * Examples: (92.4, [92.3, 93.1]) → "92.4" (step 0.2); (98, [93, 99.7]) → "98" (step 2); (92.45, [92.4, 92.5]) → "92.45".
 */
export function formatZoomedPercent(v: number, r: readonly [number, number]): string {
  const span = Math.abs(r[1] - r[0]);
  const digits = span > 0 && Number.isFinite(span) ? Math.min(6, Math.max(0, -Math.floor(Math.log10(niceStep(span, 3))))) : 0;
  return Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

/**
 * The note under the chart for the points a window hides, or null when none is hidden.
 * Example: ({ below: 3, right: 1 }, …) → "4 points outside the view: 3 below 92.5 %, 1 right of 120 KB".
 */
export function hiddenNote(s: Omit<Split<unknown>, 'inside'>, w: ZoomWindow, fmtX: (v: number) => string, fmtY: (v: number) => string): string | null {
  const parts = [
    s.below > 0 ? `${s.below} below ${fmtY(w.y[0])} %` : '',
    s.above > 0 ? `${s.above} above ${fmtY(w.y[1])} %` : '',
    s.left > 0 ? `${s.left} left of ${fmtX(w.x[0])}` : '',
    s.right > 0 ? `${s.right} right of ${fmtX(w.x[1])}` : '',
  ].filter(Boolean);
  const n = s.below + s.above + s.left + s.right;
  return n === 0 ? null : `${n} point${n === 1 ? '' : 's'} outside the view: ${parts.join(', ')}`;
}
