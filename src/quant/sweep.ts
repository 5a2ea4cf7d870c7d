/**
 * The SQNR sweep: for one layer, the SQNR of every scheme × bit-width, per tensor and per
 * filter — what the layer table, the scheme chart and every allocation method start from.
 *
 * It is fast because it never materialises a quantized tensor: parameters come from the
 * quantizers' own calibration functions (so they equal `fakeQuantize`'s), then one fused
 * pass per scheme accumulates all bit-widths' errors in float64 (sweep/kernels.ts), and
 * log2|x| is computed once per element for all log schemes. The results equal
 * fakeQuantize + sqnrDb (tested to 1e-6 dB; in practice bit-identical).
 */
import type { QuantParams } from './quantizer';
import { allNonNegative } from './parts/scale';
import { dataRange } from './quantizers/common';
import { dfpCodeRange, dfpParams } from './quantizers/dfp';
import { fixedCodeRange, fixedParams } from './quantizers/fixed';
import { fixedClipParams } from './quantizers/fixedClip';
import { log2Params, logLevels } from './quantizers/log2';
import { log2Sqrt2Params, SQRT2_STEPS } from './quantizers/log2Sqrt2';
import { NLQ_DEFAULT_UNIT, nlqParams } from './quantizers/nlq';
import { magnitudeStats, type MagnitudeStats } from './search/magnitudes';
import { sqnrFromSums, sqnrToJson } from './sqnr';
import { logErrors, logErrorsSharedScale, uniformErrors } from './sweep/kernels';
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
  /** NLQ shared unit FSR (default 1). */
  nlqUnit?: number;
}

export interface WeightSweep {
  weights: LayerSweep['weights'];
  weightsPerFilter: LayerSweep['weightsPerFilter'];
  /** Whole-layer SQNR under per-filter quantization (Σ filter noise vs Σ signal). */
  weightsPerFilterLayer: SchemeBitsTable<WeightScheme, SqnrJson>;
}

/** Per-layer data every scheme shares, computed lazily at most once. */
class LayerData {
  readonly rangeF: Float64Array;
  readonly signalF: Float64Array;
  readonly signal: number;
  readonly range: number;
  private statsT: MagnitudeStats | null = null;
  private statsF: MagnitudeStats[] | null = null;
  private log2Abs: Float64Array | null = null;

  constructor(
    readonly x: Float32Array, readonly filters: number, readonly signed: boolean, readonly nlqUnit: number,
  ) {
    this.rangeF = new Float64Array(filters);
    this.signalF = new Float64Array(filters);
    let signal = 0;
    for (let i = 0, f = 0; i < x.length; i++) {
      const v = x[i];
      const r = signed ? Math.abs(v) : v;
      if (r > this.rangeF[f]) this.rangeF[f] = r;
      this.signalF[f] += v * v;
      signal += v * v;
      if (++f === filters) f = 0;
    }
    this.signal = signal;
    this.range = dataRange(x, signed);
  }

  stats(): MagnitudeStats {
    return (this.statsT ??= magnitudeStats(this.x, this.signed));
  }

  /** One MagnitudeStats per filter, built from the gathered filter exactly as fakeQuantize does. */
  filterStats(): MagnitudeStats[] {
    if (!this.statsF) {
      const { x, filters } = this;
      const per = x.length / filters;
      const sub = new Float32Array(per);
      this.statsF = [];
      for (let f = 0; f < filters; f++) {
        for (let j = 0, i = f; j < per; j++, i += filters) sub[j] = x[i];
        this.statsF.push(magnitudeStats(sub, this.signed));
      }
    }
    return this.statsF;
  }

  log2(): Float64Array {
    if (!this.log2Abs) {
      const { x } = this;
      const la = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) la[i] = Math.log2(Math.abs(x[i]));
      this.log2Abs = la;
    }
    return this.log2Abs;
  }
}

type ParamsFn = (d: LayerData, bits: number, f: number | null) => QuantParams;

/** How each scheme calibrates (f = null: the whole tensor; else filter f). */
const CALIBRATE: Record<WeightScheme, ParamsFn> = {
  fixed: (d, b, f) => fixedParams(f === null ? d.range : d.rangeF[f], b, d.signed),
  'fixed-clip': (d, b, f) => fixedClipParams(f === null ? d.stats() : d.filterStats()[f], b, d.signed),
  dfp: (d, b, f) => dfpParams(f === null ? d.range : d.rangeF[f], b, d.signed),
  log2: (d, b, f) => log2Params(f === null ? d.range : d.rangeF[f], b, d.signed),
  'log2-sqrt2': (d, b, f) => log2Sqrt2Params(f === null ? d.stats() : d.filterStats()[f], b, d.signed),
  nlq: (d, b, f) => nlqParams(f === null ? d.range : d.rangeF[f], b, d.signed, d.nlqUnit),
};

/** Scales per tensor [b] and per filter [f·B + b] of one scheme. */
function scales(d: LayerData, key: WeightScheme, bits: readonly number[], perFilter: boolean) {
  const B = bits.length;
  const s = new Float64Array(B);
  bits.forEach((b, k) => (s[k] = CALIBRATE[key](d, b, null).scale));
  if (!perFilter) return { s, sF: null };
  const sF = new Float64Array(d.filters * B);
  for (let f = 0; f < d.filters; f++) bits.forEach((b, k) => (sF[f * B + k] = CALIBRATE[key](d, b, f).scale));
  return { s, sF };
}

const reciprocal = (s: Float64Array) => s.map((v) => (v > 0 ? 1 / v : 0));
const log2Of = (s: Float64Array) => s.map((v) => (v > 0 ? Math.log2(v) : -Infinity));

/** Squared errors of one scheme: per tensor [b] and per filter [f·B + b]. */
function schemeErrors(d: LayerData, key: WeightScheme, bits: readonly number[], perFilter: boolean) {
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
  const out: WeightSweep = { weights: {}, weightsPerFilter: {}, weightsPerFilterLayer: {} };
  for (const key of schemes) {
    const { errT, errF } = schemeErrors(d, key, bits, perFilter);
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
    out.weights[key] = t;
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
