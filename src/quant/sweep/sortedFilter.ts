/**
 * One filter's weights, gathered and sorted by magnitude, with float64 prefix sums: the
 * input of the run-based error engine (sweep/runErrors.ts).
 *
 * Sorting: an LSD radix sort on 32-bit keys. A float32's magnitude bits (sign cleared)
 * order like the magnitudes themselves, so key = (|x| bits) << 1 | sign sorts by |x| and
 * carries the sign along in the low bit (dfp's negative side has one more code than its
 * positive side, so the engine needs to know which clamped elements are negative).
 * Radix passes on the two high 11-bit digits, then an insertion pass for the low 10 bits
 * (keys sharing their high 21 bits are rare neighbours: few moves; a third radix pass when
 * they are not); a pass whose digit is the same for every key is skipped. The order is the
 * full key order either way. Measured ≈ 3× faster than Float64Array.prototype.sort on
 * 4,608-element filters with three passes; the insertion pass instead of the third radix
 * pass took the sort alone from ≈ 300 to ≈ 175 ms over 11.8M normal weights.
 *
 * The same steps run in WebAssembly (sortKernel.wat, ≈ 3× faster; sortKernel.ts) when the
 * runtime has it: the arrays below are then views of the kernel's memory, and the results
 * are the same bit for bit. `loadJs` is the TypeScript path: the reference and the fallback.
 *
 * Prefix sums run over ascending magnitudes and are compensated (Neumaier): P holds the
 * running float64 sum and C the rounding error it dropped, so a run's sum
 * (P[i1] − P[i0]) + (C[i1] − C[i0]) is accurate to a few ulps of itself even a million
 * elements in (tested against a Kahan-summed reference to 1e-9 dB).
 */

import { BucketIndex } from '../search/bucketIndex';
import { acquireSortKernel, releaseSortKernel, type SortKernel } from './sortKernel';

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

/** Scratch buffers for filters of up to `capacity` elements, reused filter after filter. */
export class SortedFilter {
  /** Elements in the current filter. */
  n = 0;
  /** The filter as gathered (original order): what magnitudeStats samples. */
  gathered: Float32Array;
  /** Sorted ascending magnitudes |x| (valid [0, n)). */
  a: Float64Array;
  /** Threshold lookups into a[0, n) (the run engine's starting guesses for run ends). */
  index: BucketIndex = new BucketIndex(new Float64Array(0), 0);
  private indexBuffer = new Int32Array(0);
  private readonly indexAlloc = (k: number): Int32Array => {
    if (this.indexBuffer.length < k) this.indexBuffer = new Int32Array(k);
    return this.indexBuffer.subarray(0, k);
  };
  /** 1 where the sorted element is negative. */
  neg: Uint8Array;
  /** Prefix sums P1[i] = Σ_{j<i} a[j], P2[i] = Σ_{j<i} a[j]² (valid [0, n]) and their compensations. */
  p1: Float64Array;
  p2: Float64Array;
  c1: Float64Array;
  c2: Float64Array;
  private bits: Uint32Array;
  /** The WebAssembly kernel holding the arrays, or null: the TypeScript path's own arrays. */
  private kernel: SortKernel | null;
  private js: { keys: Uint32Array; tmp: Uint32Array; counts: Uint32Array; sortedBits: Uint32Array; sortedF32: Float32Array } | null = null;
  /** The tensor last loaded from, and its bits (gathered without a float round trip). */
  private xSource: Float32Array | null = null;
  private xBits: Uint32Array | null = null;

  /** `wasm` false: the TypeScript path even where WebAssembly runs (tests compare the two). */
  constructor(readonly capacity: number, wasm = true) {
    this.kernel = wasm ? acquireSortKernel(capacity) : null;
    const k = this.kernel;
    if (k) {
      ({ gathered: this.gathered, bits: this.bits, a: this.a, neg: this.neg, p1: this.p1, p2: this.p2, c1: this.c1, c2: this.c2 } = k);
      return;
    }
    this.gathered = new Float32Array(capacity);
    this.bits = new Uint32Array(this.gathered.buffer);
    this.a = new Float64Array(capacity);
    this.neg = new Uint8Array(capacity);
    this.p1 = new Float64Array(capacity + 1);
    this.p2 = new Float64Array(capacity + 1);
    this.c1 = new Float64Array(capacity + 1);
    this.c2 = new Float64Array(capacity + 1);
    const sortedF32 = new Float32Array(capacity);
    this.js = {
      keys: new Uint32Array(capacity), tmp: new Uint32Array(capacity), counts: new Uint32Array(3 * RADIX),
      sortedF32, sortedBits: new Uint32Array(sortedF32.buffer),
    };
  }

  /** Whether the WebAssembly kernel sorts (else the TypeScript path). */
  get usesWasm(): boolean {
    return this.kernel !== null;
  }

  /** Gives the kernel back for the next filter set (this SortedFilter must not be used after). */
  release(): void {
    if (this.kernel) releaseSortKernel(this.kernel);
    this.kernel = null;
  }

  /**
   * Load filter f of x (channels-last: element i belongs to filter i % filters).
   * Example: x = [0.5, −2, −0.25, 1], filters 2, f = 1 → gathered [−2, 1], a [1, 2], neg [0, 1].
   * Passes over the filter: gather + keys + histograms of the two high digits; the radix
   * passes on those digits (keys sorted but for their low 11 bits); an insertion pass that
   * settles the low bits (neighbouring keys rarely share their high 21 bits, so it moves
   * few elements; past a budget of moves the low digit gets its own radix pass instead);
   * then signs, magnitudes and the compensated prefix sums in one pass.
   */
  load(x: Float32Array, filters: number, f: number): void {
    const n = x.length / filters;
    if (n > this.capacity) throw new RangeError(`filter of ${n} elements exceeds capacity ${this.capacity}`);
    this.n = n;
    if (this.xSource !== x) {
      this.xSource = x;
      this.xBits = new Uint32Array(x.buffer, x.byteOffset, x.length);
    }
    const xBits = this.xBits!;
    if (this.kernel) {
      const { bits } = this;
      for (let j = 0, i = f; j < n; j++, i += filters) bits[j] = xBits[i];
      this.kernel.load(n);
    } else this.loadJs(xBits, filters, f, n);
    const { a } = this;
    this.index = new BucketIndex(a.subarray(0, n), n > 0 ? a[n - 1] : 0, undefined, this.indexAlloc);
  }

  /** load's steps in TypeScript (the reference of sortKernel.wat). */
  private loadJs(xBits: Uint32Array, filters: number, f: number, n: number): void {
    const { bits } = this;
    const { keys, counts, sortedBits, sortedF32 } = this.js!;
    counts.fill(0, RADIX);
    for (let j = 0, i = f; j < n; j++, i += filters) {
      const u = xBits[i];
      bits[j] = u;
      const k = (((u & 0x7fffffff) << 1) | (u >>> 31)) >>> 0;
      keys[j] = k;
      counts[RADIX + ((k >>> BITS) & MASK)]++;
      counts[2 * RADIX + (k >>> (2 * BITS))]++;
    }
    let out = this.radix(keys, n, 1);
    if (!insertionSettle(out, n, INSERTION_BUDGET * n)) out = this.sortFully(out, n);
    const { a, neg, p1, p2, c1, c2 } = this;
    let s1 = 0;
    let s2 = 0;
    let e1 = 0;
    let e2 = 0;
    for (let j = 0; j < n; j++) {
      const k = out[j];
      sortedBits[j] = k >>> 1;
      neg[j] = k & 1;
      const v = sortedF32[j];
      a[j] = v;
      // Neumaier: the sums only grow (v ≥ 0), so s ≥ term except at the very start.
      let t = s1 + v;
      e1 += s1 >= v ? s1 - t + v : v - t + s1;
      s1 = t;
      const v2 = v * v;
      t = s2 + v2;
      e2 += s2 >= v2 ? s2 - t + v2 : v2 - t + s2;
      s2 = t;
      p1[j + 1] = s1;
      p2[j + 1] = s2;
      c1[j + 1] = e1;
      c2[j + 1] = e2;
    }
  }

  /** Σ a over sorted[i0, i1), compensated. */
  sum1(i0: number, i1: number): number {
    return this.p1[i1] - this.p1[i0] + (this.c1[i1] - this.c1[i0]);
  }

  /** Σ a² over sorted[i0, i1), compensated. */
  sum2(i0: number, i1: number): number {
    return this.p2[i1] - this.p2[i0] + (this.c2[i1] - this.c2[i0]);
  }

  /**
   * LSD radix passes over digits `from`..2 of the n keys in `src` (their histograms already
   * in counts), ping-ponging with the other key buffer; returns the buffer holding the
   * result. A digit with one value for every key moves nothing and is skipped.
   */
  private radix(src: Uint32Array, n: number, from: number): Uint32Array {
    const { counts, keys, tmp } = this.js!;
    let dst = src === keys ? tmp : keys;
    for (let pass = from; pass < 3; pass++) {
      const base = pass * RADIX;
      const shift = pass * BITS;
      if (n === 0 || counts[base + ((src[0] >>> shift) & MASK)] === n) continue;
      let sum = 0;
      for (let d = 0; d < RADIX; d++) {
        const c = counts[base + d];
        counts[base + d] = sum;
        sum += c;
      }
      for (let j = 0; j < n; j++) {
        const k = src[j];
        dst[counts[base + ((k >>> shift) & MASK)]++] = k;
      }
      const t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  /** All three radix passes over the n keys in `src` (any order); the buffer holding the result. */
  private sortFully(src: Uint32Array, n: number): Uint32Array {
    const { counts } = this.js!;
    counts.fill(0);
    for (let j = 0; j < n; j++) {
      const k = src[j];
      counts[k & MASK]++;
      counts[RADIX + ((k >>> BITS) & MASK)]++;
      counts[2 * RADIX + (k >>> (2 * BITS))]++;
    }
    return this.radix(src, n, 0);
  }
}

/** Insertion moves allowed per element before the low digit gets a radix pass instead. */
const INSERTION_BUDGET = 4;

/**
 * Insertion sort of k[0, n) (ascending), for keys already ordered but for their low bits:
 * true when done within `budget` element moves; false, with k left a permutation of its
 * keys, when the budget ran out first.
 */
export function insertionSettle(k: Uint32Array, n: number, budget: number): boolean {
  let moves = 0;
  for (let j = 1; j < n; j++) {
    const v = k[j];
    let i = j - 1;
    if (k[i] <= v) continue;
    do {
      k[i + 1] = k[i];
      i--;
    } while (i >= 0 && k[i] > v);
    k[i + 1] = v;
    moves += j - 1 - i;
    if (moves > budget) return false;
  }
  return true;
}
