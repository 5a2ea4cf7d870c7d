/**
 * Fused error kernels of the SQNR sweep: ONE pass over a layer's weights accumulates the
 * squared error of every bit-width, per tensor and per filter at once, in float64.
 * Each quantized value is computed with the same arithmetic `apply` uses (the log
 * kernels call `logFakeQuantMagnitude` / `logLevel` themselves; the uniform kernel
 * restates `intFakeQuantValue` on magnitudes, see UniformPlan), so a sweep entry equals
 * fakeQuantize + sqnrDb bit for bit; only the loop structure differs.
 *
 * Layouts: per-tensor arrays are indexed [b] (B bit-widths); per-filter arrays [f·B + b],
 * filter of element i = i % filters (walked with a wrapping counter, no modulo).
 */
import { logCode } from '../parts/round';
import { logFakeQuantMagnitude, logLevel, POW2_TABLE_SIZE, pow2Table } from '../parts/logQuant';
import { FLOAT32_MIN_NORMAL } from '../parts/scale';

/**
 * Uniform quantizer settings for B bit-widths (scale 0 ⇒ inv 0 ⇒ q = 0). The kernel works
 * on magnitudes: with ties rounded away from zero, |Q(x)| = fround(min(floor(|x|/s + ½), top)·s)
 * where top = hi for x ≥ 0 and −lo for x < 0 (these differ only for dfp's full range), and
 * (x − Q(x))² = (|x| − |Q(x)|)² exactly — no sign branch inside the bit-width loop.
 */
export interface UniformPlan {
  topPos: Float64Array; // [b]: hi
  topNeg: Float64Array; // [b]: −lo (unused when the data has no negative element)
  s: Float64Array; // per tensor [b]
  inv: Float64Array;
  sF: Float64Array | null; // per filter [f·B + b], null = no per-filter pass
  invF: Float64Array | null;
}

/** Squared errors of uniform quantizers into errT [b] and errF [f·B + b]. */
export function uniformErrors(
  x: Float32Array, filters: number, B: number, p: UniformPlan, errT: Float64Array, errF: Float64Array | null,
): void {
  const { topPos, topNeg, s, inv, sF, invF } = p;
  const n = x.length;
  const perFilter = sF !== null && invF !== null && errF !== null;
  for (let i = 0, fb = 0, f = 0; i < n; i++) {
    const v = x[i];
    const a = Math.abs(v);
    const top = v < 0 ? topNeg : topPos;
    for (let b = 0; b < B; b++) {
      const t = top[b];
      let k = Math.floor(a * inv[b] + 0.5);
      if (k > t) k = t;
      const d = a - Math.fround(k * s[b]);
      errT[b] += d * d;
      if (perFilter) {
        const j = fb + b;
        let kf = Math.floor(a * invF[j] + 0.5);
        if (kf > t) kf = t;
        const e = a - Math.fround(kf * sF[j]);
        errF[j] += e * e;
      }
    }
    if (++f === filters) {
      f = 0;
      fb = 0;
    } else fb += B;
  }
}

/** Log quantizer settings for B bit-widths; scale 0 ⇒ every value quantizes to 0. */
export interface LogPlan {
  m: number;
  levels: Float64Array; // [b]
  s: Float64Array; // per tensor [b]
  lg: Float64Array; // log2 s
  sF: Float64Array | null; // per filter [f·B + b]
  lgF: Float64Array | null;
}

/**
 * A log-error kernel: adds each bit-width's squared errors of x (la = log2|x|) to errT[b]
 * (whole tensor) and, when given, errF[f·B + b] (per filter).
 */
type LogErrorKernel = (
  x: Float32Array, la: Float64Array, filters: number, B: number, p: LogPlan,
  errT: Float64Array, errF: Float64Array | null,
) => void;

/**
 * Squared errors of log quantizers, with la = log2|x| precomputed (the log is the
 * expensive part, shared by every scheme and bit-width). Valid for signed codes, and for
 * unsigned codes on data with no negative element (the only way the sweep uses them).
 * When every code fits the pow2 table (m = 1, 2 and levels ≤ POW2_TABLE_SIZE) the body of
 * `logFakeQuantMagnitude` is inlined here (same arithmetic: round half away, clamp,
 * fround(s·2^(c/m)), flush below FLOAT32_MIN_NORMAL); otherwise it is called.
 */
export const logErrors: LogErrorKernel = (x, la, filters, B, p, errT, errF) => {
  const { m, levels, s, lg, sF, lgF } = p;
  const n = x.length;
  const perFilter = sF !== null && lgF !== null && errF !== null;
  let maxLevels = 0;
  for (let b = 0; b < B; b++) maxLevels = Math.max(maxLevels, levels[b]);
  if ((m !== 1 && m !== 2) || maxLevels > POW2_TABLE_SIZE) {
    logErrorsGeneric(x, la, filters, B, p, errT, errF);
    return;
  }
  const table = pow2Table(m);
  for (let i = 0, fb = 0, f = 0; i < n; i++) {
    const v = Math.abs(x[i]);
    const l = la[i];
    for (let b = 0; b < B; b++) {
      const L = levels[b];
      const sb = s[b];
      let q = 0;
      if (sb > 0) {
        const y = m * (l - lg[b]);
        const c = y < 0 ? -Math.floor(0.5 - y) : 0; // y ≥ 0 rounds to c ≥ 0, clamped to 0
        if (c > -L) {
          q = Math.fround(sb * table[-c]);
          if (q < FLOAT32_MIN_NORMAL) q = 0;
        }
      }
      const d = v - q;
      errT[b] += d * d;
      if (perFilter) {
        const k = fb + b;
        const sf = sF[k];
        let qf = 0;
        if (sf > 0) {
          const y = m * (l - lgF[k]);
          const c = y < 0 ? -Math.floor(0.5 - y) : 0;
          if (c > -L) {
            qf = Math.fround(sf * table[-c]);
            if (qf < FLOAT32_MIN_NORMAL) qf = 0;
          }
        }
        const e = v - qf;
        errF[k] += e * e;
      }
    }
    if (++f === filters) {
      f = 0;
      fb = 0;
    } else fb += B;
  }
};

/** logErrors through the shared functions, for grids outside the pow2 table. */
const logErrorsGeneric: LogErrorKernel = (x, la, filters, B, p, errT, errF) => {
  const { m, levels, s, lg, sF, lgF } = p;
  const perFilter = sF !== null && lgF !== null && errF !== null;
  for (let i = 0, fb = 0, f = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    const l = la[i];
    for (let b = 0; b < B; b++) {
      const d = v - (s[b] > 0 ? logFakeQuantMagnitude(l, s[b], lg[b], m, levels[b]) : 0);
      errT[b] += d * d;
      if (perFilter) {
        const k = fb + b;
        const e = v - (sF[k] > 0 ? logFakeQuantMagnitude(l, sF[k], lgF[k], m, levels[b]) : 0);
        errF[k] += e * e;
      }
    }
    if (++f === filters) {
      f = 0;
      fb = 0;
    } else fb += B;
  }
};

/**
 * The same errors when the top level does not depend on the bit-width (log2: 2^e_max,
 * nlq: s_l·u): the code c = round(m·(log2|x| − log2 s)) is computed once per element, and
 * bit-width b only decides whether c is still representable (c > −L_b) or becomes 0.
 * Per-tensor scale s[0] / lg[0]; per-filter sF[f·B] / lgF[f·B].
 */
export const logErrorsSharedScale: LogErrorKernel = (x, la, filters, B, p, errT, errF) => {
  const { m, levels, s, lg, sF, lgF } = p;
  const n = x.length;
  const perFilter = sF !== null && lgF !== null && errF !== null;
  const sT = s[0];
  const lgT = lg[0];
  for (let i = 0, fb = 0, f = 0; i < n; i++) {
    const v = Math.abs(x[i]);
    const l = la[i];
    const v2 = v * v;
    let c = sT > 0 ? logCode(l, lgT, m) : -Infinity;
    if (c > 0) c = 0;
    const q = c > -Infinity ? logLevel(sT, c, m) : 0;
    const dq = (v - q) * (v - q);
    for (let b = 0; b < B; b++) errT[b] += c > -levels[b] ? dq : v2;
    if (perFilter) {
      const sf = sF[fb];
      let cf = sf > 0 ? logCode(l, lgF[fb], m) : -Infinity;
      if (cf > 0) cf = 0;
      const qf = cf > -Infinity ? logLevel(sf, cf, m) : 0;
      const df = (v - qf) * (v - qf);
      for (let b = 0; b < B; b++) errF[fb + b] += cf > -levels[b] ? df : v2;
    }
    if (++f === filters) {
      f = 0;
      fb = 0;
    } else fb += B;
  }
};
