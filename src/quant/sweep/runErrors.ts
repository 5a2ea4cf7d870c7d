/**
 * Squared quantization error of one filter from its sorted magnitudes, run by run.
 *
 * A quantizer's code is a non-decreasing function of |x|, so on sorted magnitudes the
 * elements sharing a code form one contiguous run [i0, i1), all mapped to the same level
 * v, and with the prefix sums P1, P2 of the sorted magnitudes
 *
 *   Σ_run (a − v)² = (P2[i1] − P2[i0]) − 2v·(P1[i1] − P1[i0]) + v²·(i1 − i0).
 *
 * The run boundaries are found by galloping search with the quantizer's OWN rounding
 * predicate (floor(a·inv + ½) for uniform codes, round-half-away of m·(log2 a − log2 s)
 * for log codes), evaluated at the probed elements — so every element lands in exactly the
 * code `apply` gives it, and each level v is computed by the same expression (fround,
 * flush to zero). Only the order of the float64 summation differs from a direct pass.
 * Only non-empty runs are visited: the cost is O(runs · log(run length)), not O(n), which
 * is what makes the per-filter sweep of a big layer cheap (a 4,608-weight filter at 8 bits
 * has ≤ 128 runs).
 *
 * Precision: run sums come from compensated prefix sums; when a run's formula result is within 1e-7 of its Σa² (a near-lossless run,
 * where cancellation could dominate), the run is summed directly instead; a lossless run
 * is exactly 0, so lossless layers still report +∞ dB.
 */
import { logLevel, pow2Frac } from '../parts/logQuant';
import type { SortedFilter } from './sortedFilter';

const NEAR_LOSSLESS = 1e-7;

/** Σ (a − v)² over the sorted run [i0, i1). */
function runSse(sf: SortedFilter, i0: number, i1: number, v: number): number {
  const { a } = sf;
  const s2 = sf.sum2(i0, i1);
  const e = s2 - 2 * v * sf.sum1(i0, i1) + v * v * (i1 - i0);
  if (e > NEAR_LOSSLESS * s2) return e;
  let d = 0;
  for (let i = i0; i < i1; i++) d += (a[i] - v) * (a[i] - v);
  return d;
}

/** First i in (from, n) with floor(a[i]·inv + ½) > k, else n (a[from] has code k). */
function uniformRunEnd(a: Float64Array, n: number, from: number, inv: number, k: number): number {
  let lo = from + 1;
  let hi = lo;
  for (let step = 1; hi < n && Math.floor(a[hi] * inv + 0.5) <= k; step *= 2) {
    lo = hi + 1;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Math.floor(a[mid] * inv + 0.5) <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * uniformRunEnd, started where the code's upper threshold (k + ½)·s falls (the filter's
 * bucket index) and settled by the rounding predicate itself: usually one or two
 * predicate checks instead of a gallop. Exact whatever the rounding of the threshold: the
 * predicate decides, and the gallop or a binary search takes over when the start is off.
 */
function uniformRunEndNear(sf: SortedFilter, from: number, s: number, inv: number, k: number): number {
  const { a, n } = sf;
  let p = sf.index.lowerBound((k + 0.5) * s);
  if (p <= from) p = from + 1;
  if (p > n) p = n;
  if (p < n && Math.floor(a[p] * inv + 0.5) <= k) return uniformRunEnd(a, n, p, inv, k);
  // The end is in (from, p]; p itself unless a[p − 1] is past the code too.
  if (p - 1 <= from || Math.floor(a[p - 1] * inv + 0.5) <= k) return p;
  let lo = from + 1;
  let hi = p - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Math.floor(a[mid] * inv + 0.5) <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Squared error of the uniform quantizer q = fround(min(floor(|x|·inv + ½), top)·s) applied
 * to the filter (top = topPos for x ≥ 0, topNeg for x < 0; they differ only for dfp's full
 * range, whose clamped region is then summed directly). Scale 0 ⇒ every q is 0.
 * Example: a = [0.1, 0.4, 0.9], s = 0.5, top 1 → (0.1)² + (0.4 − 0.5)² + (0.9 − 0.5)² = 0.18.
 */
export function uniformRunsSse(sf: SortedFilter, s: number, inv: number, topPos: number, topNeg: number): number {
  const { a, n, neg } = sf;
  if (!(s > 0)) return sf.sum2(0, n);
  const top = Math.min(topPos, topNeg);
  let sse = 0;
  for (let i0 = 0; i0 < n;) {
    const k = Math.floor(a[i0] * inv + 0.5);
    if (k >= top) {
      if (topPos === topNeg) return sse + runSse(sf, i0, n, Math.fround(top * s));
      for (let i = i0; i < n; i++) {
        const t = neg[i] ? topNeg : topPos;
        const kk = Math.floor(a[i] * inv + 0.5);
        const d = a[i] - Math.fround((kk > t ? t : kk) * s);
        sse += d * d;
      }
      return sse;
    }
    const i1 = uniformRunEndNear(sf, i0, s, inv, k);
    sse += runSse(sf, i0, i1, Math.fround(k * s));
    i0 = i1;
  }
  return sse;
}

/** The log code of magnitude with log2 `l`: round-half-away(m·(l − lg)), clamped to ≤ 0. */
function logCodeOf(l: number, lg: number, m: number): number {
  const y = m * (l - lg);
  return y < 0 ? -Math.floor(0.5 - y) : 0;
}

/** First i in (from, n) whose log code exceeds c, else n. */
function logRunEnd(a: Float64Array, n: number, from: number, lg: number, m: number, c: number): number {
  let lo = from + 1;
  let hi = lo;
  for (let step = 1; hi < n && logCodeOf(Math.log2(a[hi]), lg, m) <= c; step *= 2) {
    lo = hi + 1;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (logCodeOf(Math.log2(a[mid]), lg, m) <= c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * logRunEnd, started where code c's upper threshold s·2^((c + ½)/m) = up·2^(c/m) falls
 * (up = s·2^(½/m)) and settled by the code predicate itself, as uniformRunEndNear.
 */
function logRunEndNear(sf: SortedFilter, from: number, up: number, lg: number, m: number, c: number): number {
  const { a, n } = sf;
  let p = sf.index.lowerBound(up * pow2Frac(c, m));
  if (p <= from) p = from + 1;
  if (p > n) p = n;
  if (p < n && logCodeOf(Math.log2(a[p]), lg, m) <= c) return logRunEnd(a, n, p, lg, m, c);
  if (p - 1 <= from || logCodeOf(Math.log2(a[p - 1]), lg, m) <= c) return p;
  let lo = from + 1;
  let hi = p - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (logCodeOf(Math.log2(a[mid]), lg, m) <= c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Visit the runs of the log quantizer with top level s (lg = log2 s), m codes per octave,
 * codes c ∈ (−maxLevels, 0]; everything at or below −maxLevels (and 0 itself) is one run
 * reported with c = −Infinity. visit(c, i0, i1, v) gets the run and its level.
 */
function logRuns(
  sf: SortedFilter, s: number, lg: number, m: number, maxLevels: number,
  visit: (c: number, i0: number, i1: number, v: number) => void,
): void {
  const { a, n } = sf;
  const up = s * 2 ** (0.5 / m);
  for (let i0 = 0; i0 < n;) {
    const c = logCodeOf(Math.log2(a[i0]), lg, m);
    if (!(c > -maxLevels)) {
      const i1 = logRunEndNear(sf, i0, up, lg, m, -maxLevels);
      visit(-Infinity, i0, i1, 0);
      i0 = i1;
    } else if (c === 0) {
      visit(0, i0, n, logLevel(s, 0, m));
      return;
    } else {
      const i1 = logRunEndNear(sf, i0, up, lg, m, c);
      visit(c, i0, i1, logLevel(s, c, m));
      i0 = i1;
    }
  }
}

/**
 * Squared error of the log quantizer with top level s, m codes per octave and `levels`
 * non-zero magnitudes (as logFakeQuantMagnitude). Scale 0 ⇒ every q is 0.
 * Example: a = [0.3, 0.6], s = 1, m = 2, levels 3 → 0.3² + (0.6 − 0.7071)² ≈ 0.1015.
 */
export function logRunsSse(sf: SortedFilter, s: number, lg: number, m: number, levels: number): number {
  if (!(s > 0)) return sf.sum2(0, sf.n);
  let sse = 0;
  logRuns(sf, s, lg, m, levels, (_c, i0, i1, v) => (sse += runSse(sf, i0, i1, v)));
  return sse;
}

/**
 * The errors of one log grid at several bit-widths when the top level does not depend on
 * the bit-width (log2, nlq): one pass over the runs; bit-width b keeps run c when
 * c > −levels[b] and zeroes it otherwise. Adds into err[offset + b].
 */
export function logRunsSseShared(
  sf: SortedFilter, s: number, lg: number, m: number, levels: Float64Array, err: Float64Array, offset: number,
): void {
  const B = levels.length;
  if (!(s > 0)) {
    for (let b = 0; b < B; b++) err[offset + b] += sf.sum2(0, sf.n);
    return;
  }
  let maxLevels = 0;
  for (let b = 0; b < B; b++) maxLevels = Math.max(maxLevels, levels[b]);
  logRuns(sf, s, lg, m, maxLevels, (c, i0, i1, v) => {
    const e = runSse(sf, i0, i1, v);
    const zeroed = sf.sum2(i0, i1);
    for (let b = 0; b < B; b++) err[offset + b] += c > -levels[b] ? e : zeroed;
  });
}
