/**
 * The SQNR sweep: for one layer, the SQNR of every scheme × bit-width, per tensor and per
 * filter — what the layer table, the scheme chart and every allocation method start from.
 *
 * It is fast because it never materialises a quantized tensor: parameters come from the
 * quantizers' own calibration functions (so they equal `fakeQuantize`'s), and errors are
 * accumulated in float64 by one of two engines — run by run on each sorted filter
 * (sweep/runsEngine.ts, for filters of ≥ RUNS_MIN_FILTER elements: cost per configuration
 * grows with the number of quantization levels, not elements), or in one fused pass over
 * the elements per scheme (sweep/directEngine.ts). Both equal fakeQuantize + sqnrDb
 * (tested to 1e-6 dB).
 */
import { allNonNegative } from './parts/scale';
import { NLQ_DEFAULT_UNIT } from './quantizers/nlq';
import { sqnrFromSums, sqnrToJson } from './sqnr';
import { schemeErrors } from './sweep/directEngine';
import { LayerData } from './sweep/layerData';
import { runsErrors } from './sweep/runsEngine';
import {
  ACTIVATION_SCHEMES, SWEEP_BITS, WEIGHT_SCHEMES,
  type ActivationScheme, type LayerSweep, type SchemeBitsTable, type SqnrJson, type WeightScheme,
} from './types';
import { assertBits, assertFilters, assertFinite } from './validate';

export interface SweepWeightsOptions {
  schemes?: readonly WeightScheme[];
  bits?: readonly number[];
  /** Also sweep per-filter quantization (default true). */
  perFilter?: boolean;
  /**
   * Sweep per-tensor quantization (default true). false leaves `weights` empty — for a
   * caller that computes the per-tensor table elsewhere (the worker's GPU kernel).
   */
  perTensor?: boolean;
  /** NLQ shared unit FSR (default 1). */
  nlqUnit?: number;
  /**
   * Error engine: 'runs' sorts each filter and sums errors run by run (sweep/runErrors),
   * 'direct' makes one fused pass over the elements (sweep/kernels); 'auto' (default)
   * takes runs for filters of ≥ RUNS_MIN_FILTER elements. Both give the same numbers.
   */
  engine?: 'auto' | 'runs' | 'direct';
}

/** Filters at least this big are swept by the run engine (sorting pays for itself). */
export const RUNS_MIN_FILTER = 64;

export interface WeightSweep {
  weights: LayerSweep['weights'];
  weightsPerFilter: LayerSweep['weightsPerFilter'];
  /** Whole-layer SQNR under per-filter quantization (Σ filter noise vs Σ signal). */
  weightsPerFilterLayer: SchemeBitsTable<WeightScheme, SqnrJson>;
  /** The layer's range (max |x|, or max x when unsigned) and signedness, as calibration saw them. */
  range: number;
  signed: boolean;
}

/**
 * SQNR of every weight scheme × bit-width for one layer, per tensor and (by default) per
 * filter. Signedness follows fakeQuantize's default (signed unless all weights ≥ 0).
 * Example: sweepWeights(w, 64).weights['fixed']['8'] ≈ 40 dB for bell-shaped weights.
 */
export function sweepWeights(x: Float32Array, filters: number, opts: SweepWeightsOptions = {}): WeightSweep {
  const schemes = opts.schemes ?? WEIGHT_SCHEMES;
  const bits = opts.bits ?? SWEEP_BITS;
  const perFilter = opts.perFilter ?? true;
  assertFinite(x, 'weights');
  assertFilters(x.length, filters);
  bits.forEach(assertBits);
  const d = new LayerData(x, filters, !allNonNegative(x), opts.nlqUnit ?? NLQ_DEFAULT_UNIT);
  const engine = opts.engine ?? 'auto';
  const runs = engine === 'runs' || (engine === 'auto' && x.length / filters >= RUNS_MIN_FILTER);
  const perTensor = opts.perTensor ?? true;
  const byRuns = runs && x.length > 0 ? runsErrors(d, schemes, bits, perFilter, perTensor) : null;
  const out: WeightSweep = { weights: {}, weightsPerFilter: {}, weightsPerFilterLayer: {}, range: d.range, signed: d.signed };
  for (const key of schemes) {
    const { errT, errF } = byRuns?.get(key) ?? schemeErrors(d, key, bits, perFilter);
    const t: Record<string, SqnrJson> = {};
    const pf: Record<string, SqnrJson[]> = {};
    const pfl: Record<string, SqnrJson> = {};
    bits.forEach((b, k) => {
      t[b] = sqnrToJson(sqnrFromSums(d.signal, errT[k]));
      if (!errF) return;
      const row: SqnrJson[] = new Array(filters);
      let noise = 0;
      for (let f = 0; f < filters; f++) {
        const e = errF[f * bits.length + k];
        row[f] = sqnrToJson(sqnrFromSums(d.signalF[f], e));
        noise += e;
      }
      pf[b] = row;
      pfl[b] = sqnrToJson(sqnrFromSums(d.signal, noise));
    });
    if (perTensor) out.weights[key] = t;
    if (perFilter) {
      out.weightsPerFilter[key] = pf;
      out.weightsPerFilterLayer[key] = pfl;
    }
  }
  return out;
}

/**
 * Per-tensor SQNR of activation schemes × bit-widths on a calibration batch (flattened
 * layer outputs). Non-negative data (after ReLU) gets unsigned codes, as in fakeQuantize.
 */
export function sweepActivations(
  x: Float32Array, opts: { schemes?: readonly ActivationScheme[]; bits?: readonly number[] } = {},
): NonNullable<LayerSweep['activations']> {
  const schemes = opts.schemes ?? ACTIVATION_SCHEMES;
  return sweepWeights(x, 1, { schemes, bits: opts.bits, perFilter: false }).weights;
}
