/**
 * The quantizer contract every scheme implements (calibrate → params → apply). Kept in its
 * own module so scheme files and the registry can both import it without a cycle;
 * `registry.ts` re-exports these names, which is where callers should import them from.
 */
import type { ActivationScheme, WeightScheme } from './types';

export interface QuantizeOptions {
  /** Signed (sign bit included in `bits`) or unsigned. Default: true unless all x ≥ 0. */
  signed?: boolean;
  /** NLQ only: the shared full-scale range of the one log unit, on normalised data. Default 1. */
  unitScale?: number;
}

export interface QuantParams {
  scheme: WeightScheme | ActivationScheme;
  bits: number;
  signed: boolean;
  /**
   * The scale: step size for uniform schemes (fixed, fixed-clip, dfp), the top magnitude
   * level for log schemes (log2, log2-sqrt2, nlq). 0 means "everything quantizes to 0".
   */
  scale: number;
  /** Scheme extras (clipRatio, fractionLength, eMax, levels, shift, unit …). */
  [k: string]: unknown;
}

export interface Quantizer {
  key: WeightScheme;
  /** Choose parameters (scale, clip, exponent) from data x at bits b. */
  calibrate(x: Float32Array, bits: number, opts?: QuantizeOptions): QuantParams;
  /** Fake-quantize (quantize then de-quantize) with given params into out (allocated if absent). */
  apply(x: Float32Array, p: QuantParams, out?: Float32Array): Float32Array;
}
