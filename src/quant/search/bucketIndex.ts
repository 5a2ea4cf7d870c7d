/**
 * Where a threshold falls in a sorted array, in O(1) plus a binary search over one bucket.
 *
 * The calibration searches ask the same sorted sample (a filter's ≈ 640 magnitudes) for the
 * first element at or above a threshold some 2–3 million times per ResNet-18: once per
 * quantization level and candidate. Galloping from the previous run end cost ≈ 10
 * mispredicted probes each; here the range [0, max] is cut into equal buckets and
 * `start[b]` remembers the first element at or above bucket b's lower edge, so a lookup is
 * one multiply, a check of the two edges, and a binary search inside one bucket (about one
 * element on smooth data). The answer is exactly `lowerBound(sorted, t)`: the bucket is
 * chosen by the same float comparisons the edges were built with, so rounding in the
 * multiply can only move the search to a neighbouring bucket's edge check, never past an
 * element.
 */

/** Buckets per sorted element (at least MIN_BUCKETS in all). */
const MIN_BUCKETS = 16;

/** Reusable typed buffers: slot i holds the index of one stats object at a time. */
export type IndexAlloc = (n: number) => Int32Array;
const freshIndex: IndexAlloc = (n) => new Int32Array(n);

export class BucketIndex {
  /** start[b] = first i with sorted[i] ≥ edge(b), for b = 0..buckets; start[buckets + 1] = n. */
  private readonly start: Int32Array;
  private readonly width: number;
  private readonly inv: number;
  private readonly buckets: number;

  /**
   * Index of `sorted` (ascending, ≥ 0) with buckets of equal width over [0, top].
   * Example: sorted [0.1, 0.2, 0.9], top 1, 4 buckets (width 0.25) → start [0, 2, 2, 2, 3, 3].
   */
  constructor(readonly sorted: Float64Array, top: number, buckets = Math.max(MIN_BUCKETS, sorted.length), alloc = freshIndex) {
    const n = sorted.length;
    this.buckets = top > 0 && Number.isFinite(top) ? buckets : 0;
    this.width = this.buckets > 0 ? top / this.buckets : 0;
    this.inv = this.width > 0 ? 1 / this.width : 0;
    const nb = this.buckets;
    const width = this.width;
    const inv = this.inv;
    const start = (this.start = alloc(nb + 2));
    // start[b] = #elements below edge(b) = b·width. An element a is below the edges b ≥ e(a),
    // e(a) = #edges ≤ a (the edges grow with b): a histogram of e, then its prefix sums.
    // e(a) is guessed as ⌊a/width⌋ + 1 and settled by the edges' own arithmetic (the guess
    // is off by one at most where the multiply rounds): one pass, no data-dependent loop.
    start.fill(0);
    for (let i = 0; i < n; i++) {
      const a = sorted[i];
      let e = Math.floor(a * inv) + 1;
      if (e > nb + 1) e = nb + 1;
      while (e > 0 && (e - 1) * width > a) e--;
      while (e <= nb && e * width <= a) e++;
      start[e]++;
    }
    let below = 0;
    for (let b = 0; b <= nb + 1; b++) {
      below += start[b];
      start[b] = below;
    }
  }

  /** First index i with sorted[i] ≥ t (sorted.length if none): lowerBound(sorted, t). */
  lowerBound(t: number): number {
    const { sorted, start, width, buckets } = this;
    if (!(t > 0) || buckets === 0) return plainLowerBound(sorted, t, 0, sorted.length);
    let b = Math.floor(t * this.inv);
    if (b > buckets) b = buckets;
    // Settle on the bucket with edge(b) ≤ t < edge(b + 1), by the edges' own arithmetic.
    while (b > 0 && b * width > t) b--;
    while (b < buckets && (b + 1) * width <= t) b++;
    return plainLowerBound(sorted, t, start[b], start[b + 1]);
  }
}

/** First index i in [lo, hi) with sorted[i] ≥ t (`hi` if none). */
function plainLowerBound(sorted: Float64Array, t: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
