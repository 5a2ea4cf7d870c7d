/**
 * Statistics for comparing quantized configs on a finite test set, so that a verdict
 * ("better", "same", "worse") says what the images can support and no more.
 *
 * - wilsonInterval: 95 % interval of one accuracy k/n (Wilson score interval; keeps inside
 *   [0, 1] and behaves at k = 0 or n).
 * - pairedCounts + mcnemarExact: two configs on the *same* images differ only on the images
 *   one gets right and the other wrong (b, c); under "no difference" each such image is a
 *   fair coin, so p = P(Binomial(b + c, ½) as extreme as observed), two-sided, exact.
 * - pairedDifferenceInterval: 95 % interval of accuracy(A) − accuracy(B) by a seeded paired
 *   bootstrap over the images (resampling images, keeping each image's pair together).
 * - meanSpread: mean, sample standard deviation, min and max over seeds.
 * - pairedVerdict: 'better' / 'worse' when McNemar's p < α (default 0.05), else 'same'.
 *
 * Example: A right on 1,960 of 2,000 images, B on 1,950, with A alone right on 15 and B alone
 * on 5 → Wilson(1960, 2000) = [97.29 %, 98.53 %], McNemar p = 0.041 → A 'better'.
 */
import { mulberry32 } from '../random';

interface Interval {
  lo: number;
  hi: number;
}

/** z of a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion k/n (two-sided, default 95 %).
 * Example: wilsonInterval(1960, 2000) ≈ { lo: 0.9729, hi: 0.9853 }; wilsonInterval(0, 10).lo = 0.
 */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  if (!Number.isInteger(n) || n < 1) throw new Error(`wilsonInterval: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new Error(`wilsonInterval: k must be an integer in 0..${n}, got ${k}`);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 (k = n) the bound is exactly 0 (1) analytically; keep it exact.
  return { lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half) };
}

interface PairedCounts {
  /** Images both get right. */
  both: number;
  /** Only A right (b of McNemar). */
  onlyA: number;
  /** Only B right (c of McNemar). */
  onlyB: number;
  neither: number;
  n: number;
}

/**
 * Per-image agreement of two configs' predictions with the labels.
 * Example: predsA [1, 2, 3], predsB [1, 0, 3], labels [1, 2, 0] → both 1, onlyA 1, onlyB 0, neither 1.
 */
export function pairedCounts(predsA: ArrayLike<number>, predsB: ArrayLike<number>, labels: ArrayLike<number>): PairedCounts {
  const n = labels.length;
  if (predsA.length !== n || predsB.length !== n) throw new Error(`pairedCounts: ${predsA.length} and ${predsB.length} predictions for ${n} labels`);
  const c: PairedCounts = { both: 0, onlyA: 0, onlyB: 0, neither: 0, n };
  for (let i = 0; i < n; i++) {
    const a = predsA[i] === labels[i];
    const b = predsB[i] === labels[i];
    if (a && b) c.both++;
    else if (a) c.onlyA++;
    else if (b) c.onlyB++;
    else c.neither++;
  }
  return c;
}

/** ln C(n, k), exact enough for n up to millions (sum of logs). */
function logChoose(n: number, k: number): number {
  k = Math.min(k, n - k);
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/**
 * Exact two-sided McNemar test: p = min(1, 2 · P(X ≤ min(b, c))), X ~ Binomial(b + c, ½).
 * Example: mcnemarExact(15, 5) ≈ 0.0414; mcnemarExact(3, 3) = 1; mcnemarExact(0, 0) = 1.
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) throw new Error(`mcnemarExact: counts must be non-negative integers, got ${b}, ${c}`);
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

export type Verdict = 'better' | 'same' | 'worse';

/** A vs B on the same images: McNemar's exact test at level α. 'same' = no significant difference. */
export function pairedVerdict(c: Pick<PairedCounts, 'onlyA' | 'onlyB'>, alpha = 0.05): { verdict: Verdict; p: number } {
  const p = mcnemarExact(c.onlyA, c.onlyB);
  return { verdict: p >= alpha ? 'same' : c.onlyA > c.onlyB ? 'better' : 'worse', p };
}

/**
 * 95 % interval of accuracy(A) − accuracy(B) on the same images, by a paired bootstrap
 * (`resamples` draws of n images with replacement, seeded; percentile interval).
 * Only the discordant images matter: each draw counts onlyA − onlyB among its n picks.
 */
export function pairedDifferenceInterval(c: PairedCounts, resamples = 2000, seed = 1): Interval & { difference: number } {
  const { n } = c;
  if (n < 1) throw new Error('pairedDifferenceInterval: no images');
  const rand = mulberry32(seed);
  const a = c.onlyA / n;
  const ab = (c.onlyA + c.onlyB) / n;
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const u = rand();
      if (u < a) d++;
      else if (u < ab) d--;
    }
    diffs[r] = d / n;
  }
  diffs.sort();
  const at = (q: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { difference: (c.onlyA - c.onlyB) / n, lo: at(0.025), hi: at(0.975) };
}

export interface Spread {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  min: number;
  max: number;
  n: number;
}

/** Mean ± spread over seeds. Example: meanSpread([1, 2, 3]) → mean 2, sd 1, min 1, max 3. */
export function meanSpread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('meanSpread: no values');
  let s = 0;
  for (const v of values) s += v;
  const mean = s / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, sd: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0, min: Math.min(...values), max: Math.max(...values), n: values.length };
}
