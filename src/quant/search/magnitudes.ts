/**
 * Sorted magnitudes with weighted prefix sums: the data structure that lets a clip/scale
 * search evaluate the squared error of a candidate quantizer in O(levels · log) steps
 * instead of a pass over the data.
 *
 * For a symmetric quantizer the error depends only on a = |x| (unsigned: a = max(x, 0);
 * the negatives' error x² is the same for every candidate, so it is left out). Elements
 * whose magnitude rounds to level v form a contiguous run [i0, i1) of the sorted array, and
 *
 *   Σ w·(a − v)² = (P2[i1] − P2[i0]) − 2v (P1[i1] − P1[i0]) + v² (P0[i1] − P0[i0])
 *
 * with P0, P1, P2 the float64 prefix sums of w, w·a and w·a².
 *
 * Large inputs are searched on a stratified sample: the tail (every element above the
 * ≈ SEARCH_TAIL-th largest, found via a strided sample) is kept exactly with weight 1 —
 * clipping error lives there, and a plain strided sample misses the outliers and so
 * clips them (measured: up to 12 dB lost at 8 bits on Laplace data) — and the bulk below
 * it is a strided sample of at most SEARCH_SAMPLE_CAP elements, each weighted by the
 * number of bulk elements it stands for. The final error of the chosen parameters is
 * always computed exactly on all the data.
 */
import { pow2Frac } from '../parts/logQuant';
import { roundHalfAway } from '../parts/round';
import { BucketIndex, type IndexAlloc } from './bucketIndex';

/**
 * Most bulk elements a calibration search looks at (strided subsample beyond this). 512 + a
 * 128-element tail searches as well as 1,024 + 256 did, at about half the cost (src/quant/README).
 */
export const SEARCH_SAMPLE_CAP = 512;
/** About this many of the largest magnitudes are kept exactly. */
export const SEARCH_TAIL = 128;

/**
 * Binned evaluation costs about levels · log2(n) search steps (fewer when galloping), a
 * direct pass n element evaluations: binned is used when levels · log2(n) · BINNED_COST < n.
 */
const BINNED_COST = 0.5;
const useBinned = (levels: number, n: number) => levels * Math.log2(n + 1) * BINNED_COST < n;

export interface MagnitudeStats {
  /** Range of the full data: max|x| (signed) or max(max x, 0) (unsigned). */
  range: number;
  /** Sorted ascending magnitudes of the (stratified) sample. */
  sorted: Float64Array;
  /** Weight of each sorted element: 1, or the bulk elements a bulk sample stands for. */
  weight: Float64Array;
  /** log2 of `sorted` (−Infinity for 0), for direct evaluation of log quantizers. */
  log2Sorted: Float64Array;
  /** Prefix sums P0 = Σw, P1 = Σw·a, P2 = Σw·a² (length n + 1). */
  p0: Float64Array;
  p1: Float64Array;
  p2: Float64Array;
  /** Threshold lookups into `sorted` (lowerBound in O(1) + one bucket). */
  index: BucketIndex;
}

/**
 * Build the stats of x for a signed or unsigned quantizer.
 * Example: x = [−2, 0.5, 1], signed → sorted [0.5, 1, 2], weights 1, P1 [0, .5, 1.5, 3.5],
 * range 2.
 */
export function magnitudeStats(
  x: Float32Array, signed: boolean, cap = SEARCH_SAMPLE_CAP, tail = SEARCH_TAIL,
): MagnitudeStats {
  const n = x.length;
  let range = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const a = signed ? Math.abs(v) : v > 0 ? v : 0;
    if (a > range) range = a;
  }
  return magnitudeStatsInRange(x, signed, range, cap, tail);
}

/**
 * magnitudeStats(x, signed) for a caller that knows x's range already (max|x| signed,
 * max(max x, 0) unsigned; the sweep's LayerData has it): the same stats, bit for bit, one
 * pass fewer. The tail is found by comparing float32 bit patterns, which order like the
 * values they hold for non-negative floats (x is finite: the sweep checks it first).
 */
export function magnitudeStatsInRange(
  x: Float32Array, signed: boolean, range: number, cap = SEARCH_SAMPLE_CAP, tail = SEARCH_TAIL,
): MagnitudeStats {
  const n = x.length;
  if (n <= cap + tail) {
    const sorted = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      sorted[i] = signed ? Math.abs(v) : v > 0 ? v : 0;
    }
    return finish(range, sorted.sort(), new Float64Array(n).fill(1));
  }
  const { sample, tau } = bulkSample(x, signed, cap, tail);
  const tailValues: number[] = [];
  // a > τ ⇔ (a's bits) > (τ's bits), both non-negative float32 (τ is one of x's magnitudes).
  // Signed: a = |v|, the bits with the sign cleared. Unsigned: a = v > 0 ? v : 0, and a > τ ≥ 0
  // only for v > τ, i.e. a positive v (sign bit clear) with bits above τ's.
  const bits = new Uint32Array(x.buffer, x.byteOffset, n);
  tauBits[0] = tau;
  const t = tauU32[0];
  if (signed) {
    for (let i = 0; i < n; i++) if ((bits[i] & 0x7fffffff) > t) tailValues.push(Math.abs(x[i]));
  } else {
    for (let i = 0; i < n; i++) if (bits[i] > t && bits[i] < 0x80000000) tailValues.push(x[i]);
  }
  return stratified(n, range, sample, tau, Float64Array.from(tailValues).sort());
}

const tauBits = new Float32Array(1);
const tauU32 = new Uint32Array(tauBits.buffer);

/**
 * Reusable buffers for magnitudeStatsOfSorted: the stats it then returns are views into
 * them, valid until its next call with the same workspace. The sweep computes one filter's
 * stats after another; without a workspace each filter allocated seven arrays (ResNet-50:
 * 190k short-lived backing stores, tens of MiB of garbage resident until collected).
 */
export class StatsWorkspace {
  private readonly slots: Float64Array[] = [];
  private indexSlot = new Int32Array(0);

  /** Slot `i` as an array of n elements (contents unspecified). */
  take(i: number, n: number): Float64Array {
    if (!this.slots[i] || this.slots[i].length < n) this.slots[i] = new Float64Array(Math.max(n, 2 * (this.slots[i]?.length ?? 0)));
    return this.slots[i].subarray(0, n);
  }

  /** The bucket index's buffer of n elements (contents unspecified). */
  readonly takeIndex: IndexAlloc = (n) => {
    if (this.indexSlot.length < n) this.indexSlot = new Int32Array(Math.max(n, 2 * this.indexSlot.length));
    return this.indexSlot.subarray(0, n);
  };
}

type Alloc = (slot: number, n: number) => Float64Array;
const fresh: Alloc = (_slot, n) => new Float64Array(n);

/**
 * magnitudeStats(x.subarray(0, n), signed) when the magnitudes of x are already sorted in
 * `sortedAbs` (the sweep sorts every filter anyway): the same stats, bit for bit, without
 * a second sort or scan. Requires signed, or x ≥ 0. With a workspace, the stats are views
 * of its buffers and of `sortedAbs` (see StatsWorkspace).
 */
export function magnitudeStatsOfSorted(
  x: Float32Array, sortedAbs: Float64Array, n: number, signed: boolean,
  cap = SEARCH_SAMPLE_CAP, tail = SEARCH_TAIL, ws?: StatsWorkspace,
): MagnitudeStats {
  const alloc: Alloc = ws ? (slot, k) => ws.take(slot, k) : fresh;
  const range = n > 0 ? sortedAbs[n - 1] : 0;
  if (n <= cap + tail) {
    return finish(range, ws ? sortedAbs.subarray(0, n) : sortedAbs.slice(0, n), alloc(2, n).fill(1), alloc, ws?.takeIndex);
  }
  const { sample, tau } = bulkSample(x.subarray(0, n), signed, cap, tail, alloc);
  return stratified(n, range, sample, tau, sortedAbs.subarray(upperBound(sortedAbs, tau, 0, n), n), alloc, ws?.takeIndex);
}

/** The strided bulk sample (sorted) and the tail threshold τ of a big input. */
function bulkSample(x: Float32Array, signed: boolean, cap: number, tail: number, alloc: Alloc = fresh) {
  const n = x.length;
  const stride = Math.ceil(n / cap);
  const sample = alloc(0, Math.ceil(n / stride));
  for (let i = 0, j = 0; i < n; i += stride, j++) {
    const v = x[i];
    sample[j] = signed ? Math.abs(v) : v > 0 ? v : 0;
  }
  sample.sort();
  // Threshold: the sample's estimate of the tail-th largest magnitude.
  const tau = sample[Math.max(0, sample.length - 1 - Math.ceil(tail / stride))];
  return { sample, tau };
}

/** Stats from the sorted bulk sample (elements ≤ τ stand for the rest) and the exact tail (only read). */
function stratified(
  n: number, range: number, sample: Float64Array, tau: number, tailSorted: Float64Array, alloc: Alloc = fresh, indexAlloc?: IndexAlloc,
) {
  let bulk = sample.length;
  while (bulk > 0 && sample[bulk - 1] > tau) bulk--;
  const w = (n - tailSorted.length) / bulk;
  const sorted = alloc(1, bulk + tailSorted.length);
  sorted.set(sample.subarray(0, bulk));
  sorted.set(tailSorted, bulk);
  const weight = alloc(2, sorted.length).fill(1);
  weight.fill(w, 0, bulk);
  return finish(range, sorted, weight, alloc, indexAlloc);
}

function finish(range: number, sorted: Float64Array, weight: Float64Array, alloc: Alloc = fresh, indexAlloc?: IndexAlloc): MagnitudeStats {
  const count = sorted.length;
  const p0 = alloc(3, count + 1);
  const p1 = alloc(4, count + 1);
  const p2 = alloc(5, count + 1);
  const log2Sorted = alloc(6, count);
  p0[0] = 0;
  p1[0] = 0;
  p2[0] = 0;
  for (let i = 0; i < count; i++) {
    const a = sorted[i];
    const w = weight[i];
    p0[i + 1] = p0[i] + w;
    p1[i + 1] = p1[i] + w * a;
    p2[i + 1] = p2[i] + w * a * a;
    log2Sorted[i] = Math.log2(a);
  }
  const index = new BucketIndex(sorted, count > 0 ? sorted[count - 1] : 0, undefined, indexAlloc);
  return { range, sorted, weight, log2Sorted, p0, p1, p2, index };
}

/** First index i in [from, to) with sorted[i] > t (`to` if none). */
export function upperBound(sorted: Float64Array, t: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  const s0 = st.p0[i1] - st.p0[i0];
  const s1 = st.p1[i1] - st.p1[i0];
  const s2 = st.p2[i1] - st.p2[i0];
  const e = s2 - 2 * v * s1 + v * v * s0;
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
    const { sorted, weight } = st;
    for (let i = 0; i < n; i++) {
      const a = sorted[i];
      const k = Math.floor(a * inv + 0.5);
      const d = a - (k > maxCode ? maxCode : k) * step;
      sse += weight[i] * d * d;
    }
    return sse;
  }
  let i0 = 0;
  for (let k = 0; k < maxCode && i0 < n; k++) {
    // The run of code k ends at the first element ≥ (k + ½)·step, and never before i0.
    const l = st.index.lowerBound((k + 0.5) * step);
    const i1 = l > i0 ? l : i0;
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
  ONE_COUNT[0] = levels;
  logSseLevels(st, s, m, ONE_COUNT, ONE_ERROR);
  return ONE_ERROR[0];
}
const ONE_COUNT = new Float64Array(1);
const ONE_ERROR = new Float64Array(1);

/**
 * logSse(st, s, m, levels[k]) for several level counts at once, into out[k]. The level
 * walk of logSse does not depend on `levels` except where it stops, so one walk to the
 * largest count serves all: each count's result is the error summed up to its stop plus
 * the zero run below it — the same additions in the same order as a walk to that count alone.
 * The log2-sqrt2 search's grid (one top level for every bit-width) is evaluated this way.
 */
export function logSseLevels(st: MagnitudeStats, s: number, m: number, levels: ArrayLike<number>, out: Float64Array): void {
  const n = st.sorted.length;
  const K = levels.length;
  const { log2Sorted } = st;
  let maxLevels = 0;
  for (let k = 0; k < K; k++) {
    out[k] = NaN;
    if (levels[k] > maxLevels) maxLevels = levels[k];
  }
  let sse = 0;
  let hi = n;
  const lg = Math.log2(s);
  const half = s * 2 ** (-0.5 / m);
  for (let j = 0; j < maxLevels && hi > 0;) {
    // Counts ≤ j stop before level j.
    for (let k = 0; k < K; k++) if (levels[k] <= j && Number.isNaN(out[k])) out[k] = sse + runSse(st, 0, hi, 0);
    const l = st.index.lowerBound(half * pow2Frac(-j, m));
    const lo = l < hi ? l : hi;
    if (lo < hi) sse += runSse(st, lo, hi, s * pow2Frac(-j, m));
    hi = Math.min(hi, lo);
    if (hi === 0) break;
    const next = -Math.min(0, roundHalfAway(m * (log2Sorted[hi - 1] - lg)));
    j = next > j + 1 ? next : j + 1;
  }
  const rest = sse + runSse(st, 0, hi, 0);
  for (let k = 0; k < K; k++) if (Number.isNaN(out[k])) out[k] = rest;
}
