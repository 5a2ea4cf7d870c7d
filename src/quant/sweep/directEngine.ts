/**
 * The direct error engine: scales from calibration, then ONE fused pass over the layer's
 * elements per scheme accumulates every bit-width's error, per tensor and per filter
 * (sweep/kernels.ts). Used for small filters (depthwise convs) and activations, where
 * sorting each filter would cost more than it saves.
 */
import { dfpCodeRange } from '../quantizers/dfp';
import { fixedCodeRange } from '../quantizers/fixed';
import { logLevels } from '../quantizers/log2';
import { SQRT2_STEPS } from '../quantizers/log2Sqrt2';
import type { WeightScheme } from '../types';
import { scales, type LayerData } from './layerData';
import { logErrors, logErrorsSharedScale, uniformErrors } from './kernels';

export const reciprocal = (s: Float64Array) => s.map((v) => (v > 0 ? 1 / v : 0));
export const log2Of = (s: Float64Array) => s.map((v) => (v > 0 ? Math.log2(v) : -Infinity));

/** Squared errors of one scheme: per tensor [b] and per filter [f·B + b]. */
export function schemeErrors(d: LayerData, key: WeightScheme, bits: readonly number[], perFilter: boolean) {
  const B = bits.length;
  const errT = new Float64Array(B);
  const errF = perFilter ? new Float64Array(d.filters * B) : null;
  const { s, sF } = scales(d, key, bits, perFilter);
  if (key === 'fixed' || key === 'fixed-clip' || key === 'dfp') {
    const range = key === 'dfp' ? dfpCodeRange : fixedCodeRange;
    const topNeg = Float64Array.from(bits, (b) => -range(b, d.signed)[0]);
    const topPos = Float64Array.from(bits, (b) => range(b, d.signed)[1]);
    const plan = { topPos, topNeg, s, inv: reciprocal(s), sF, invF: sF && reciprocal(sF) };
    uniformErrors(d.x, d.filters, B, plan, errT, errF);
  } else {
    const m = key === 'log2' ? 1 : SQRT2_STEPS;
    const levels = Float64Array.from(bits, (b) => logLevels(b, d.signed));
    const plan = { m, levels, s, lg: log2Of(s), sF, lgF: sF && log2Of(sF) };
    const kernel = key === 'log2-sqrt2' ? logErrors : logErrorsSharedScale;
    kernel(d.x, d.log2(), d.filters, B, plan, errT, errF);
  }
  return { errT, errF };
}

