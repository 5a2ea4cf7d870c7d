/**
 * Normalization-based log quantization (NLQ) — the studio's reconstruction from the thesis
 * abstract (full text not public; docs/methods.md, nlq): every layer is
 * normalised to one common range and quantized by ONE shared log unit, so one hardware
 * quantizer with one fixed full-scale range (FSR) serves the whole network.
 *
 *   s_l = 2^ceil(log2 max|x_l|)          (normaliser, a power of two → a shift)
 *   x̂ = x / s_l ∈ [−1, 1]                (max |x̂| ∈ (½, 1])
 *   ê = round(2 · log2(|x̂| / u)) ≤ 0,   q̂ = sign · u · 2^(ê/2)  if ê ≥ −(L−1), else 0
 *   q = s_l · q̂                           (rescale, again a shift)
 *
 * u is the shared unit's FSR on normalised data (`unitScale`, default 1): the same for every
 * layer, unlike log2-sqrt2 whose top level is searched per layer. Because s_l is a power of
 * two, q equals the base-√2 log quantizer with top level s_l · u, which is how it is applied.
 * Example (b = 3, L = 3, u = 1): max|x| = 0.3 → s_l = 0.5, x̂ = x/0.5; x = 0.3 → x̂ = 0.6 →
 * ê = round(−1.47) = −1 → q̂ = 0.707 → q = 0.354; x = 0.05 → x̂ = 0.1 → ê = −7 → 0.
 */
import type { QuantParams, Quantizer } from '../quantizer';
import { logFakeQuant } from '../parts/logQuant';
import { pow2Ceil } from '../parts/scale';
import { assertBits, assertFinite } from '../validate';
import { checkParams, dataRange, outputFor, resolveSigned } from './common';
import { logLevels } from './log2';
import { SQRT2_STEPS } from './log2Sqrt2';

/** Default FSR of the shared unit on normalised data. */
export const NLQ_DEFAULT_UNIT = 1;

/** NLQ params for data of the given range with the shared unit FSR u. */
export function nlqParams(range: number, bits: number, signed: boolean, unit = NLQ_DEFAULT_UNIT): QuantParams {
  assertBits(bits);
  if (!(unit > 0) || !Number.isFinite(unit)) throw new Error(`nlq: unitScale must be a finite number > 0, got ${String(unit)}`);
  const levels = logLevels(bits, signed);
  const base = { scheme: 'nlq' as const, bits, signed, stepsPerOctave: SQRT2_STEPS, levels, unit };
  if (!(range > 0)) return { ...base, scale: 0, shift: null };
  const norm = pow2Ceil(range);
  return { ...base, scale: norm * unit, shift: Math.log2(norm) };
}

/** nlqParams(range, …, unit).scale (the same for every bit-width), without building the params; unit checked by the caller. */
export function nlqScale(range: number, unit: number): number {
  return range > 0 ? pow2Ceil(range) * unit : 0;
}

export const nlqQuantizer: Quantizer = {
  key: 'nlq',
  calibrate(x, bits, opts) {
    assertBits(bits);
    assertFinite(x, 'nlq');
    const signed = resolveSigned(x, opts);
    return nlqParams(dataRange(x, signed), bits, signed, opts?.unitScale);
  },
  apply(x, p, out) {
    checkParams(p, 'nlq');
    assertFinite(x, 'nlq');
    return logFakeQuant(x, p.scale, SQRT2_STEPS, logLevels(p.bits, p.signed), p.signed, outputFor(x, out));
  },
};
