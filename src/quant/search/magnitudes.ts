/**
 * Sorted magnitudes with prefix sums: the data structure that lets a clip/scale search
 * evaluate the squared error of a candidate quantizer in O(levels · log n) instead of O(n).
 *
 * For a symmetric quantizer the error depends only on a = |x| (unsigned: a = max(x, 0);
 * the negatives' error x² is the same for every candidate, so it is left out). Elements
 * whose magnitude rounds to level v form a contiguous run [i0, i1) of the sorted array, and
 *
 *   Σ (a − v)² = (P2[i1] − P2[i0]) − 2v (P1[i1] − P1[i0]) + v² (i1 − i0)
 *
 * with P1, P2 the float64 prefix sums of a and a². Large tensors are searched on a
 * deterministic strided subsample (every k-th element, at most SEARCH_SAMPLE_CAP); the
 * final error of the chosen parameters is always computed exactly on all the data.
 */
import { pow2Frac } from '../parts/logQuant';

/**
 * Most elements a calibration search looks at (strided subsample beyond this). 1024
 * samples place a clip ratio or log scale within a small fraction of a dB of a search on
 * all the data (tested), and keep the per-filter searches of a whole network cheap.
 */
export const SEARCH_SAMPLE_CAP = 1024;

/**
 * Binned evaluation costs about levels · log2(n) binary-search steps, a direct pass n
 * element evaluations (a log2-domain round and a table lookup each, measured ~2× dearer
 * than a search step): binned is used when levels · log2(n) · BINNED_COST < n.
 */
const BINNED_COST = 0.5;
const useBinned = (levels: number, n: number) => levels * Math.log2(n + 1) * BINNED_COST < n;

export interface MagnitudeStats {
  /** Range of the full data: max|x| (signed) or max(max x, 0) (unsigned). */
  range: number;
  /** Sorted ascending magnitudes of the (sub)sample. */
  sorted: Float64Array;
  /** log2 of `sorted` (−Infinity for 0), for direct evaluation of log quantizers. */
  log2Sorted: Float64Array;
  /** P1[i] = Σ_{j<i} sorted[j], P2[i] = Σ_{j<i} sorted[j]² (length n + 1). */
  p1: Float64Array;
  p2: Float64Array;
}

/**
 * Build the stats of x for a signed or unsigned quantizer.
 * Example: x = [−2, 0.5, 1], signed → sorted [0.5, 1, 2], P1 [0, .5, 1.5, 3.5], range 2.
 */
export function magnitudeStats(x: Float32Array, signed: boolean, cap = SEARCH_SAMPLE_CAP): MagnitudeStats {
  const n = x.length;
  const stride = n > cap ? Math.ceil(n / cap) : 1;
  const count = Math.ceil(n / stride);
  const sorted = new Float64Array(count);
  let range = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const a = signed ? Math.abs(v) : v > 0 ? v : 0;
    if (a > range) range = a;
  }
  for (let i = 0, j = 0; i < n; i += stride, j++) {
    const v = x[i];
    sorted[j] = signed ? Math.abs(v) : v > 0 ? v : 0;
  }
  sorted.sort();
  const p1 = new Float64Array(count + 1);
  const p2 = new Float64Array(count + 1);
  const log2Sorted = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const a = sorted[i];
    p1[i + 1] = p1[i] + a;
    p2[i + 1] = p2[i] + a * a;
    log2Sorted[i] = Math.log2(a);
  }
  return { range, sorted, log2Sorted, p1, p2 };
}

/** First index i in [from, to) with sorted[i] ≥ t (`to` if none). */
export function lowerBound(sorted: Float64Array, t: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Σ (a − v)² over sorted[i0..i1). */
function runSse(st: MagnitudeStats, i0: number, i1: number, v: number): number {
  if (i1 <= i0) return 0;
  const s1 = st.p1[i1] - st.p1[i0];
  const s2 = st.p2[i1] - st.p2[i0];
  const e = s2 - 2 * v * s1 + v * v * (i1 - i0);
  return e > 0 ? e : 0;
}

/**
 * Squared error of the uniform quantizer with step `step` and codes 0..maxCode applied to
 * the magnitudes (code k holds a ∈ [(k − ½)·step, (k + ½)·step); the top code also holds
 * everything clipped above). Example: sorted [0.1, 0.9], step 0.5, maxCode 1 →
 * (0.1 − 0)² + (0.9 − 0.5)² = 0.17.
 */
export function uniformSse(st: MagnitudeStats, step: number, maxCode: number): number {
  const n = st.sorted.length;
  let sse = 0;
  if (!useBinned(maxCode, n)) {
    // Many codes, few samples (high bit-widths): one pass over the samples is cheaper.
    const inv = 1 / step;
    const { sorted } = st;
    for (let i = 0; i < n; i++) {
      const a = sorted[i];
      const k = Math.round(a * inv);
      const d = a - (k > maxCode ? maxCode : k) * step;
      sse += d * d;
    }
    return sse;
  }
  let i0 = 0;
  for (let k = 0; k < maxCode && i0 < n; k++) {
    const i1 = lowerBound(st.sorted, (k + 0.5) * step, i0);
    sse += runSse(st, i0, i1, k * step);
    i0 = i1;
  }
  return sse + runSse(st, i0, n, maxCode * step);
}

/**
 * Squared error of the log quantizer with top level s, m steps per octave and `levels`
 * non-zero magnitudes s·2^(−j/m), j = 0..levels−1; magnitudes below the bottom rounding
 * threshold s·2^((−(levels−1) − ½)/m) become 0. Example: sorted [0.3, 0.6], s = 1, m = 2,
 * levels 3 → 0.3² + (0.6 − 0.7071)² = 0.1015.
 */
export function logSse(st: MagnitudeStats, s: number, m: number, levels: number): number {
  const n = st.sorted.length;
  let sse = 0;
  if (!useBinned(levels, n)) {
    const { sorted, log2Sorted } = st;
    const lg = Math.log2(s);
    for (let i = 0; i < n; i++) {
      const a = sorted[i];
      let c = Math.round(m * (log2Sorted[i] - lg));
      if (c > 0) c = 0;
      const d = c > -levels ? a - s * pow2Frac(c, m) : a;
      sse += d * d;
    }
    return sse;
  }
  let hi = n;
  const half = s * 2 ** (-0.5 / m); // rounding threshold below level j: s·2^(−j/m)·2^(−½/m)
  for (let j = 0; j < levels && hi > 0; j++) {
    const lo = lowerBound(st.sorted, half * pow2Frac(-j, m), 0, hi);
    if (lo < hi) sse += runSse(st, lo, hi, s * pow2Frac(-j, m));
    hi = Math.min(hi, lo);
  }
  return sse + runSse(st, 0, hi, 0);
}
