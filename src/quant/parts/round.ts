/**
 * Rounding parts. Quantizers round half away from zero so that Q(−x) = −Q(x) exactly
 * (Math.round alone rounds −2.5 to −2 but 2.5 to 3, which breaks the symmetry).
 */

/**
 * Round to the nearest integer, ties away from zero.
 * Examples: 2.5 → 3, −2.5 → −3, 2.4 → 2, −0.4 → −0.
 */
export function roundHalfAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
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
