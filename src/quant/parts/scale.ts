/**
 * Scale parts: statistics a scale is computed from, and power-of-two helpers for schemes
 * whose scale must fold into a bit shift (dynamic fixed point, log, NLQ).
 */

/** max |x|. Example: [0.5, −2, 1] → 2. Empty → 0. */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m) m = a;
  }
  return m;
}

/** True when no element is negative (the default for unsigned quantization). [] → true. */
export function allNonNegative(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] < 0) return false;
  return true;
}

/**
 * Max-abs scale of a uniform quantizer: `s = range / maxCode`.
 * Example: range 2.54, maxCode 127 (8-bit signed narrow) → s = 0.02.
 * A zero range gives s = 0, which the quantizers read as "output all zeros".
 */
export function maxAbsScale(range: number, maxCode: number): number {
  return range > 0 ? range / maxCode : 0;
}

/**
 * The smallest power of two ≥ v, so that dividing by it is an exact shift.
 * Examples: 0.3 → 0.5, 1 → 1, 5 → 8. Requires v > 0.
 */
export function pow2Ceil(v: number): number {
  return 2 ** Math.ceil(Math.log2(v));
}

/** Float32 flushes values below this (the smallest normal float32) to subnormals. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;
/** Largest power-of-two exponent a float32 can hold. */
export const FLOAT32_MAX_EXP = 127;
