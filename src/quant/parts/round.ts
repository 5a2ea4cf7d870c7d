/**
 * Rounding parts. Quantizers round half away from zero so that Q(−x) = −Q(x) exactly
 * (Math.round alone rounds −2.5 to −2 but 2.5 to 3, which breaks the symmetry).
 */

/**
 * Round to the nearest integer, ties away from zero: `sign(v) · floor(|v| + ½)`.
 * floor(·+½) is measured 2.4× faster than Math.round in V8, and the sweep kernels use the
 * same expression on |v|, so sweep and apply agree bit for bit. (Like every floor(·+½)
 * it rounds 0.49999999999999994 up, one ulp below a tie — harmless, and consistent.)
 * Examples: 2.5 → 3, −2.5 → −3, 2.4 → 2, −0.4 → −0.
 */
export function roundHalfAway(v: number): number {
  return v < 0 ? -Math.floor(0.5 - v) : Math.floor(v + 0.5);
}

/**
 * Exponent code of a magnitude on a log grid with `m` steps per octave, relative to the
 * top level `2^lgScale`: `c = round(m · (log2 a − lgScale))`.
 * `log2A` is passed precomputed (the sweep computes log2|x| once per element and reuses
 * it for every bit-width). log2(0) = −Infinity gives c = −Infinity, i.e. "zero".
 * Example: a = 0.3, lgScale = 0 (s = 1), m = 2: 2·log2(0.3) = −3.47 → c = −3,
 * level 2^(−3/2) = 0.354.
 */
export function logCode(log2A: number, lgScale: number, m: number): number {
  return roundHalfAway(m * (log2A - lgScale));
}
