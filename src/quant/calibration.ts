/**
 * Activation calibration for fixed-point activations: how the clip range (and so the step)
 * of a layer's activations is chosen from float activations on calibration images. The
 * standard choices, so that a fixed-point baseline is as good as it fairly can be:
 *
 * - 'max-abs'    : range = max |x| (no clipping; the studio's default).
 * - 'percentile' : range = the 99.99th percentile of |x| (outliers clipped).
 * - 'mse'        : range = r · max |x| with r searched to minimise Σ (x − Q(x))² — the
 *                  fixed-clip quantizer (quantizers/fixedClip.ts).
 * - 'kl'         : entropy calibration (Migacz 2017, TensorRT): the range whose quantized
 *                  histogram of |x| is closest in KL divergence to the float histogram
 *                  (2,048 bins; outliers folded into the last kept bin).
 *
 * Every choice returns fixed-point params (scheme 'fixed'); values beyond the range clamp
 * to the largest code when applied.
 * Example: x = [0, …, 0.1 (9,999 values), 1] unsigned 4-bit: max-abs step 1/15 leaves the
 * bulk one level; percentile range ≈ 0.1 gives step 0.1/15 and clamps the single outlier.
 * (MSE counts the outlier's clipping error too: with an outlier at 10 it keeps max-abs.)
 */
import type { QuantParams } from './quantizer';
import { fixedClipQuantizer } from './quantizers/fixedClip';
import { fixedMaxCode, fixedParams } from './quantizers/fixed';
import { maxAbs } from './parts/scale';

export type ActivationCalibration = 'max-abs' | 'percentile' | 'mse' | 'kl';
export const ACTIVATION_CALIBRATIONS: readonly ActivationCalibration[] = ['max-abs', 'percentile', 'mse', 'kl'];
const CALIBRATION_PERCENTILE = 0.9999;
const KL_BINS = 2048;

/** The q-quantile of |x| (nearest rank). Example: percentileAbs([1, −2, 3, −4], 0.5) = 2. */
export function percentileAbs(x: ArrayLike<number>, q: number): number {
  if (x.length === 0) return 0;
  const a = Float64Array.from(x, Math.abs).sort();
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))];
}

/** KL(P‖Q) of two histograms (unnormalised), 0·log 0 = 0; Q's empty bins where P has mass get ε. */
function klDivergence(p: Float64Array, q: Float64Array): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  if (!(sp > 0) || !(sq > 0)) return Infinity;
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    const pi = p[i] / sp;
    const qi = Math.max(q[i] / sq, 1e-12);
    d += pi * Math.log(pi / qi);
  }
  return d;
}

/**
 * Entropy-calibrated range of |x| for `levels` quantization levels (TensorRT's algorithm):
 * for every candidate cut i ≥ levels of a 2,048-bin histogram, P = bins [0, i) with the
 * mass beyond folded into bin i − 1, Q = P merged into `levels` equal chunks and spread back
 * over each chunk's non-empty bins; the cut with the least KL(P‖Q) wins.
 */
export function klRange(x: ArrayLike<number>, levels: number): number {
  const top = maxAbs(x);
  if (!(top > 0)) return 0;
  const hist = new Float64Array(KL_BINS);
  const width = top / KL_BINS;
  for (let i = 0; i < x.length; i++) hist[Math.min(KL_BINS - 1, Math.floor(Math.abs(x[i]) / width))]++;
  if (levels >= KL_BINS) return top;
  const suffix = new Float64Array(KL_BINS + 1);
  for (let i = KL_BINS - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + hist[i];
  let best = KL_BINS;
  let bestD = Infinity;
  for (let cut = levels; cut <= KL_BINS; cut++) {
    const p = hist.slice(0, cut);
    p[cut - 1] += suffix[cut];
    const q = new Float64Array(cut);
    for (let j = 0; j < levels; j++) {
      const a = Math.floor((j * cut) / levels);
      const b = Math.floor(((j + 1) * cut) / levels);
      let mass = 0;
      let nonEmpty = 0;
      for (let k = a; k < b; k++) {
        mass += hist[k];
        if (hist[k] > 0) nonEmpty++;
      }
      if (nonEmpty === 0) continue;
      for (let k = a; k < b; k++) if (hist[k] > 0) q[k] = mass / nonEmpty;
    }
    const d = klDivergence(p, q);
    if (d < bestD) {
      bestD = d;
      best = cut;
    }
  }
  return best * width;
}

/** Fixed-point activation params with the chosen calibration (module comment). */
export function calibrateFixedActivations(x: Float32Array, bits: number, signed: boolean, method: ActivationCalibration): QuantParams {
  const maxCode = fixedMaxCode(bits, signed);
  switch (method) {
    case 'max-abs': return fixedParams(maxAbs(x), bits, signed);
    case 'percentile': return fixedParams(percentileAbs(x, CALIBRATION_PERCENTILE), bits, signed);
    case 'mse': return { ...fixedClipQuantizer.calibrate(x, bits, { signed }), scheme: 'fixed' };
    case 'kl': return fixedParams(klRange(x, maxCode + 1), bits, signed);
    default: throw new Error(`unknown activation calibration '${String(method)}' (known: ${ACTIVATION_CALIBRATIONS.join(', ')})`);
  }
}
