/**
 * Logarithmic, base 2 (Miyashita, Lee, Murmann 2016, "Convolutional Neural Networks using
 * Logarithmic Data Representation", arXiv:1603.01025): one sign bit and b − 1 bits of
 * exponent code, one code reserved for zero, so L = 2^(b−1) − 1 non-zero magnitudes
 * (unsigned: L = 2^b − 1).
 *
 *   e_max = round(log2 max|x|),  e = round(log2|x|),
 *   q = sign(x) · 2^min(e, e_max)   if e ≥ e_max − L + 1,   else q = 0.
 *
 * Rounding is in the log domain (threshold √2·2^k between 2^k and 2^(k+1)). The stored
 * scale is the top level 2^e_max (an exponent: 8 bits in the cost model).
 * Example (b = 3, signed, L = 3): max|x| = 0.9 → e_max = round(−0.152) = 0, levels 1, ½, ¼;
 * x = 0.3 → round(−1.74) = −2 → 0.25; x = −0.9 → −1; x = 0.1 → round(−3.32) = −3 < −2 → 0.
 */
import type { QuantParams, Quantizer } from '../quantizer';
import { maxInt } from '../parts/clamp';
import { logFakeQuant } from '../parts/logQuant';
import { FLOAT32_MAX_EXP } from '../parts/scale';
import { assertBits, assertFinite } from '../validate';
import { checkParams, dataRange, outputFor, resolveSigned } from './common';

/** Non-zero magnitudes of a b-bit log code: 2^(b−1) − 1 signed, 2^b − 1 unsigned. */
export function logLevels(bits: number, signed: boolean): number {
  return maxInt(signed, false, bits);
}

/** log2 params for data of the given range. Range 0 → scale 0 (all zeros). */
export function log2Params(range: number, bits: number, signed: boolean): QuantParams {
  assertBits(bits);
  const levels = logLevels(bits, signed);
  if (!(range > 0)) return { scheme: 'log2', bits, signed, scale: 0, eMax: null, levels };
  const eMax = log2EMax(range);
  return { scheme: 'log2', bits, signed, scale: 2 ** eMax, eMax, levels };
}

const log2EMax = (range: number) => Math.min(Math.round(Math.log2(range)), FLOAT32_MAX_EXP) + 0; // + 0: no −0 in JSON

/** log2Params(range, …).scale (the same for every bit-width), without building the params. */
export function log2Scale(range: number): number {
  return range > 0 ? 2 ** log2EMax(range) : 0;
}

export const log2Quantizer: Quantizer = {
  key: 'log2',
  calibrate(x, bits, opts) {
    assertBits(bits);
    assertFinite(x, 'log2');
    const signed = resolveSigned(x, opts);
    return log2Params(dataRange(x, signed), bits, signed);
  },
  apply(x, p, out) {
    checkParams(p, 'log2');
    assertFinite(x, 'log2');
    return logFakeQuant(x, p.scale, 1, logLevels(p.bits, p.signed), p.signed, outputFor(x, out));
  },
};
