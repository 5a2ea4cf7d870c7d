/**
 * Logarithmic fake-quantization on a grid of `m` steps per octave below a top level `s`:
 *
 *   c = clamp(round(m · log2(|x| / s)), ·, 0),   q = sign(x) · s · 2^(c/m),
 *
 * with L non-zero magnitudes (codes 0, −1, …, −(L−1)) plus one code for zero: values whose
 * rounded code falls below −(L−1) become 0 (Miyashita et al. 2016, "Convolutional Neural
 * Networks using Logarithmic Data Representation", arXiv:1603.01025; m = 2 is the base-√2
 * grid of LogNet, Lee et al. 2017, arXiv:1702.03706). Unsigned quantizers map negatives to 0.
 * Levels that would be float32 subnormals are flushed to 0, so Q(Q(x)) = Q(x) holds exactly.
 *
 * Example (m = 2, s = 1, L = 3): levels 1, 0.707, 0.5. x = −0.6: 2·log2 0.6 = −1.47 → c = −1
 * → q = −0.707. x = 0.3: 2·log2 0.3 = −3.47 → c = −3 < −2 → q = 0.
 */
import { FLOAT32_MIN_NORMAL } from './scale';
import { logCode } from './round';

/** 2^(−j/m) for j < POW2_TABLE_SIZE and m = 1, 2: `**` per element is slow. */
export const POW2_TABLE_SIZE = 1024;
const powTable = (m: number) => Float64Array.from({ length: POW2_TABLE_SIZE }, (_, j) => 2 ** (-j / m));
const POW2_M1 = powTable(1);
const POW2_M2 = powTable(2);

/** The table pow2Frac reads for m = 1 or 2 (entry j = 2^(−j/m)), for inlined hot loops. */
export function pow2Table(m: 1 | 2): Float64Array {
  return m === 1 ? POW2_M1 : POW2_M2;
}

/**
 * 2^(c/m) for an integer code c ≤ 0, from a table when |c| is small. The tables hold the
 * very values `2 ** (c / m)` gives, so table and fallback agree bit for bit.
 * Example: pow2Frac(−3, 2) = 2^−1.5 = 0.35355.
 */
export function pow2Frac(c: number, m: number): number {
  const j = -c;
  if (j < POW2_TABLE_SIZE) {
    if (m === 2) return POW2_M2[j];
    if (m === 1) return POW2_M1[j];
  }
  return 2 ** (c / m);
}

/**
 * The magnitude of code c ≤ 0: `fround(s · 2^(c/m))`, or 0 below the float32 normal range.
 * Example: s = 0.5, c = −3, m = 2 → 0.5 · 2^−1.5 = 0.17678.
 */
export function logLevel(s: number, c: number, m: number): number {
  const q = Math.fround(s * pow2Frac(c, m));
  return q < FLOAT32_MIN_NORMAL ? 0 : q;
}

/**
 * Magnitude of the quantized value of a (≥ 0) whose log2 is `log2A`; `lg = log2 s`.
 * Example: log2A = log2 0.6, lg = 0, m = 2, L = 3 → 0.707 (see the module example).
 */
export function logFakeQuantMagnitude(log2A: number, s: number, lg: number, m: number, levels: number): number {
  let c = logCode(log2A, lg, m);
  if (c > 0) c = 0;
  if (!(c > -levels)) return 0; // below the smallest code, or log2(0) = −Infinity
  return logLevel(s, c, m);
}

/** Fake-quantize x on the log grid (see module comment). s = 0 writes zeros. */
export function logFakeQuant(
  x: Float32Array, s: number, m: number, levels: number, signed: boolean, out: Float32Array,
): Float32Array {
  if (!(s > 0)) {
    out.fill(0);
    return out;
  }
  const lg = Math.log2(s);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === 0 || (!signed && v < 0)) {
      out[i] = 0;
      continue;
    }
    const q = logFakeQuantMagnitude(Math.log2(Math.abs(v)), s, lg, m, levels);
    out[i] = v < 0 ? -q : q;
  }
  return out;
}
