/**
 * Fixed-point, max-abs scale (symmetric, narrow range) — the baseline of every paper the
 * studio implements (e.g. Jacob et al. 2018, arXiv:1712.05877; MXQN's fixed-point weights).
 *
 *   signed:   s = max|x| / (2^(b−1) − 1),  q = clamp(round(x/s), −(2^(b−1)−1), 2^(b−1)−1) · s
 *   unsigned: s = max x / (2^b − 1),       q = clamp(round(x/s), 0, 2^b − 1) · s
 *
 * Example (b = 3, signed): x = [0.9, −0.2, 0.5] → s = 0.9/3 = 0.3; codes round(x/s) =
 * [3, −1, 2] (−0.67 → −1, 1.67 → 2) → q = [0.9, −0.3, 0.6].
 */
import type { QuantParams, Quantizer } from '../quantizer';
import { maxInt, minInt } from '../parts/clamp';
import { intFakeQuant } from '../parts/intQuant';
import { maxAbsScale } from '../parts/scale';
import { assertBits, assertFinite } from '../validate';
import { checkParams, dataRange, outputFor, resolveSigned } from './common';

/**
 * Largest code of the fixed / fixed-clip quantizers: signed codes are narrow range
 * (±(2^(b−1) − 1), so the grid is symmetric), unsigned codes use the full 0..2^b − 1.
 * Examples: fixedMaxCode(8, true) = 127, fixedMaxCode(8, false) = 255.
 */
export function fixedMaxCode(bits: number, signed: boolean): number {
  return maxInt(signed, signed, bits);
}

/** Integer code range [lo, hi] of fixed / fixed-clip. Example: (4, true) → [−7, 7]. */
export function fixedCodeRange(bits: number, signed: boolean): [number, number] {
  return [minInt(signed, signed, bits), fixedMaxCode(bits, signed)];
}

/** Params of the max-abs fixed-point quantizer for data of the given range. */
export function fixedParams(range: number, bits: number, signed: boolean): QuantParams {
  assertBits(bits);
  return { scheme: 'fixed', bits, signed, scale: fixedScale(range, bits, signed) };
}

/** fixedParams(range, bits, signed).scale, without building the params (the sweep's per-filter loop). */
export function fixedScale(range: number, bits: number, signed: boolean): number {
  return maxAbsScale(range, fixedMaxCode(bits, signed));
}

/** Apply the fixed-point quantizer described by p (shared with fixed-clip). */
export function applyFixedPoint(x: Float32Array, p: QuantParams, out?: Float32Array): Float32Array {
  assertFinite(x, p.scheme);
  const o = outputFor(x, out);
  const [lo, hi] = fixedCodeRange(p.bits, p.signed);
  return intFakeQuant(x, p.scale, lo, hi, o);
}

export const fixedQuantizer: Quantizer = {
  key: 'fixed',
  calibrate(x, bits, opts) {
    assertBits(bits);
    assertFinite(x, 'fixed');
    const signed = resolveSigned(x, opts);
    return fixedParams(dataRange(x, signed), bits, signed);
  },
  apply(x, p, out) {
    checkParams(p, 'fixed');
    return applyFixedPoint(x, p, out);
  },
};
