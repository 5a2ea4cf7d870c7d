/**
 * Fixed-point with a searched clip range: the max-abs quantizer of `fixed`, but with the
 * range shrunk to r · max|x|, r ∈ (0, 1] chosen to minimise the squared error (= maximise
 * SQNR). Clipping trades a few large errors on outliers for a finer step on the bulk —
 * the standard improvement over max-abs (Banner et al. 2019 "ACIQ", arXiv:1810.05723;
 * Migacz 2017, "8-bit Inference with TensorRT"; here searched on the data, not modelled).
 *
 *   s = r · max|x| / (2^(b−1) − 1),  r = argmin_r Σ (x − Q_r(x))²
 *   search: r on an 8-point grid 1 … 0.05 (step 0.136), then 5 golden-section steps
 *   within ±1 step of the best (resolution ≈ 0.024); the error of each candidate is
 *   evaluated in closed form on sorted magnitudes (search/magnitudes: exact tail + weighted
 *   strided bulk for big tensors). Within 0.3 dB of an exhaustive 600-point search (tested;
 *   measured over normal, Laplace, uniform, Student-t, bimodal and sparse data of 147–4,608
 *   elements at 2–8 bits: mean loss 0.017 dB, max 0.22 dB — the 12 + 10 plan used before
 *   lost 0.010 / 0.22 dB at 1.6× the evaluations).
 *
 * Example (b = 2, signed, one code each side): x = [1, 0.1, 0.1, 0.1, −0.1] — max-abs
 * s = 1 zeroes the four 0.1s (SSE 0.04); r = 0.1 gives s = 0.1, q = [0.1, 0.1, …] with
 * SSE 0.81. Here max-abs wins and r stays 1; with many mid-size values clipping wins.
 */
import type { QuantParams, Quantizer } from '../quantizer';
import { searchMin, type SearchPlan } from '../search/searchMin';
import { magnitudeStats, uniformSse, type MagnitudeStats } from '../search/magnitudes';
import { assertBits, assertFinite } from '../validate';
import { checkParams, resolveSigned } from './common';
import { applyFixedPoint, fixedMaxCode } from './fixed';

export const CLIP_SEARCH: SearchPlan = { lo: 0.05, hi: 1, coarse: 8, golden: 5 };

/** Params of the clip-searched fixed-point quantizer from precomputed magnitude stats. */
export function fixedClipParams(st: MagnitudeStats, bits: number, signed: boolean): QuantParams {
  assertBits(bits);
  const maxCode = fixedMaxCode(bits, signed);
  if (!(st.range > 0)) return { scheme: 'fixed-clip', bits, signed, scale: 0, clipRatio: 1 };
  const base = st.range / maxCode;
  const r = searchMin((t) => uniformSse(st, t * base, maxCode), CLIP_SEARCH);
  return { scheme: 'fixed-clip', bits, signed, scale: r * base, clipRatio: r };
}

export const fixedClipQuantizer: Quantizer = {
  key: 'fixed-clip',
  calibrate(x, bits, opts) {
    assertBits(bits);
    assertFinite(x, 'fixed-clip');
    const signed = resolveSigned(x, opts);
    return fixedClipParams(magnitudeStats(x, signed), bits, signed);
  },
  apply(x, p, out) {
    checkParams(p, 'fixed-clip');
    return applyFixedPoint(x, p, out);
  },
};
