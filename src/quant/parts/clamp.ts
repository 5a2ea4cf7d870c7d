/**
 * Clamp part: the integer code range of a b-bit quantizer (Brevitas `IntQuant` clamp).
 */

/** Clamp v to [lo, hi]. Example: clamp(130, −127, 127) → 127. */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Largest integer code (Brevitas `max_int(signed, narrow_range, bit_width)`).
 * signed → 2^(b−1) − 1 (narrow range or not); unsigned → 2^b − 1, or 2^b − 2 if narrow.
 * Examples: maxInt(true, true, 8) = 127; maxInt(false, false, 8) = 255; maxInt(false, true, 4) = 14.
 */
export function maxInt(signed: boolean, narrowRange: boolean, bits: number): number {
  if (signed) return 2 ** (bits - 1) - 1;
  return narrowRange ? 2 ** bits - 2 : 2 ** bits - 1;
}

/**
 * Smallest integer code (Brevitas `min_int`).
 * signed narrow → −(2^(b−1) − 1); signed → −2^(b−1); unsigned → 0.
 * Examples: minInt(true, true, 8) = −127; minInt(true, false, 8) = −128; minInt(false, false, 8) = 0.
 */
export function minInt(signed: boolean, narrowRange: boolean, bits: number): number {
  if (!signed) return 0;
  return narrowRange ? -(2 ** (bits - 1) - 1) : -(2 ** (bits - 1));
}
