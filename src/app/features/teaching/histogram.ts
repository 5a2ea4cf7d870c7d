/**
 * Histogram binning for the teaching panel. Non-finite values are never binned (they are
 * counted as `excluded`), so a NaN in the data cannot reach the chart.
 */

export interface Histogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]) (the last one is closed). */
  edges: number[];
  counts: number[];
  /** Values binned. */
  total: number;
  /** Non-finite values and values outside an explicit range. */
  excluded: number;
  /** Smallest / largest finite value (null when none). */
  min: number | null;
  max: number | null;
  maxCount: number;
}

/** Smallest and largest finite value, or null. Example: [3, NaN, −1] → [−1, 3]. */
export function finiteExtent(values: ArrayLike<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) continue; // NaN or ±Infinity
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The range binned: `range` if given, else the data extent. An empty range (all values
 * equal, or no data) is widened around its centre by 10 % of |v| (1 for 0) so that the
 * value sits in the middle and the edges stay distinct.
 * Examples: [2, 2] → [1.8, 2.2]; [0, 0] → [−1, 1]; no data → [−1, 1].
 */
export function binRange(values: ArrayLike<number>, range?: readonly [number, number]): [number, number] {
  const r = range && Number.isFinite(range[0]) && Number.isFinite(range[1]) ? [Math.min(...range), Math.max(...range)] : finiteExtent(values);
  if (!r) return [-1, 1];
  const [lo, hi] = r;
  if (hi > lo) return [lo, hi];
  const w = Math.abs(lo) * 0.1;
  // Near zero (or subnormal) 10 % would not separate the edges: use ±1 instead.
  if (!(w >= 1e-300)) return [lo - 1, lo + 1];
  // Near ±Number.MAX_VALUE keep the range finite by widening on the inner side only.
  if (!Number.isFinite(lo + w)) return [lo - 2 * w, lo];
  if (!Number.isFinite(lo - w)) return [lo, lo + 2 * w];
  return [lo - w, lo + w];
}

/**
 * Count values into `bins` equal-width bins over binRange(values, range).
 * Example: histogram([0, 0.1, 0.5, 1, NaN], 2) → edges [0, 0.5, 1], counts [2, 2], excluded 1.
 */
export function histogram(values: ArrayLike<number>, bins = 60, range?: readonly [number, number]): Histogram {
  const n = Math.max(1, Math.floor(bins));
  let [lo, hi] = binRange(values, range);
  // Halve before subtracting so that ranges near ±Number.MAX_VALUE do not overflow.
  let halfSpan = hi / 2 - lo / 2;
  if (!(halfSpan > 0)) {
    // A subnormal-wide range: halving underflows to 0, so widen it like a single value.
    [lo, hi] = [lo - 1, hi + 1];
    halfSpan = hi / 2 - lo / 2;
  }
  // Convex combinations: exact at both ends, and no overflow.
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo * (1 - i / n) + hi * (i / n)));
  const counts = new Array<number>(n).fill(0);
  let total = 0;
  let excluded = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0 || v < lo || v > hi) {
      excluded++;
      continue;
    }
    const b = Math.min(n - 1, Math.max(0, Math.floor(((v / 2 - lo / 2) / halfSpan) * n)));
    counts[b]++;
    total++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    edges, counts, total, excluded,
    min: total ? min : null, max: total ? max : null,
    maxCount: counts.reduce((m, c) => Math.max(m, c), 0),
  };
}

/**
 * log2|x| of the finite non-zero values (for the log-domain view, where log levels are
 * evenly spaced), and how many were exactly zero.
 * Example: [4, −0.5, 0, NaN] → { logs: [2, −1], zeros: 1 }.
 */
export function log2Magnitudes(values: ArrayLike<number>): { logs: Float64Array; zeros: number } {
  const logs: number[] = [];
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) continue;
    if (v === 0) zeros++;
    else logs.push(Math.log2(Math.abs(v)));
  }
  return { logs: Float64Array.from(logs), zeros };
}

/**
 * About `count` round tick values (1-2-5 steps) covering [lo, hi].
 * Example: niceTicks(−0.83, 0.91, 5) → [−0.5, 0, 0.5] (step 0.5); niceTicks(0, 10, 5) → [0, 2, …, 10]. Degenerate input → [lo].
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return out;
}
