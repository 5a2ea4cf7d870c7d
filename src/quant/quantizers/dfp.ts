/**
 * Dynamic fixed point: a power-of-two scale chosen per tensor (or filter), so rescaling is
 * a shift (Courbariaux et al. 2014, arXiv:1412.7024; Gysel et al. "Ristretto" 2016,
 * arXiv:1604.03168; the fixed-point part of MXQN-style hardware).
 *
 *   signed:   IL = ceil(log2 max|x|) + 1 (sign bit included),  FL = b − IL,
 *             q = clamp(round(x · 2^FL), −2^(b−1), 2^(b−1) − 1) · 2^(−FL)
 *   unsigned: IL = ceil(log2 max x),  FL = b − IL,  q = clamp(round(x · 2^FL), 0, 2^b − 1) · 2^(−FL)
 *
 * The stored scale is the step 2^(−FL) (an exponent, 8 bits in the cost model).
 * Example (b = 4, signed): max|x| = 0.9 → IL = ceil(−0.152) + 1 = 1, FL = 3, step 0.125;
 * x = 0.9 → round(7.2) = 7 → 0.875; x = −0.3 → round(−2.4) = −2 → −0.25.
 */
import type { QuantParams, Quantizer } from '../quantizer';
import { maxInt, minInt } from '../parts/clamp';
import { intFakeQuant } from '../parts/intQuant';
import { assertBits, assertFinite } from '../validate';
import { checkParams, dataRange, outputFor, resolveSigned } from './common';

/** Integer code range of dfp (full range). Example: (4, true) → [−8, 7]; (4, false) → [0, 15]. */
export function dfpCodeRange(bits: number, signed: boolean): [number, number] {
  return [minInt(signed, false, bits), maxInt(signed, false, bits)];
}

/** DFP params for data of the given range. Range 0 → scale 0 (all zeros). */
export function dfpParams(range: number, bits: number, signed: boolean): QuantParams {
  assertBits(bits);
  if (!(range > 0)) return { scheme: 'dfp', bits, signed, scale: 0, integerLength: 0, fractionLength: 0 };
  const integerLength = dfpIntegerLength(range, signed);
  const fractionLength = bits - integerLength;
  return { scheme: 'dfp', bits, signed, scale: 2 ** -fractionLength, integerLength, fractionLength };
}

const dfpIntegerLength = (range: number, signed: boolean) => Math.ceil(Math.log2(range)) + (signed ? 1 : 0) + 0; // + 0: no −0

/** dfpParams(range, bits, signed).scale, without building the params (the sweep's per-filter loop). */
export function dfpScale(range: number, bits: number, signed: boolean): number {
  return range > 0 ? 2 ** -(bits - dfpIntegerLength(range, signed)) : 0;
}

export const dfpQuantizer: Quantizer = {
  key: 'dfp',
  calibrate(x, bits, opts) {
    assertBits(bits);
    assertFinite(x, 'dfp');
    const signed = resolveSigned(x, opts);
    return dfpParams(dataRange(x, signed), bits, signed);
  },
  apply(x, p, out) {
    checkParams(p, 'dfp');
    assertFinite(x, 'dfp');
    const o = outputFor(x, out);
    const [lo, hi] = dfpCodeRange(p.bits, p.signed);
    return intFakeQuant(x, p.scale, lo, hi, o);
  },
};
