/**
 * Per-layer data and per-scheme calibration shared by the sweep's two error engines
 * (sweep/directEngine.ts, sweep/runsEngine.ts). Calibration goes through the quantizers'
 * own parameter functions, so a sweep entry uses exactly the parameters fakeQuantize uses.
 */
import type { QuantParams } from '../quantizer';
import { dfpParams, dfpScale } from '../quantizers/dfp';
import { fixedParams, fixedScale } from '../quantizers/fixed';
import { fixedClipParams } from '../quantizers/fixedClip';
import { log2Params, log2Scale } from '../quantizers/log2';
import { log2Sqrt2Params, log2Sqrt2Scales } from '../quantizers/log2Sqrt2';
import { nlqParams, nlqScale } from '../quantizers/nlq';
import { magnitudeStats, magnitudeStatsInRange, type MagnitudeStats } from '../search/magnitudes';
import type { WeightScheme } from '../types';

/** Per-layer data every scheme shares, computed lazily at most once. */
export class LayerData {
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
    // = dataRange(x, signed): the largest filter range (each the max of |x| or of x and 0).
    let range = 0;
    for (let f = 0; f < filters; f++) if (this.rangeF[f] > range) range = this.rangeF[f];
    this.range = range;
  }

  stats(): MagnitudeStats {
    return (this.statsT ??= magnitudeStatsInRange(this.x, this.signed, this.range));
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

/** What a calibration looks at: the range, and (for the searched schemes) magnitude stats. */
export interface CalibrationSource {
  range: number;
  stats: () => MagnitudeStats;
}

type ParamsFn = (src: CalibrationSource, bits: number, signed: boolean, nlqUnit: number) => QuantParams;

/** How each scheme calibrates, on the whole tensor or on one filter. */
export const CALIBRATE: Record<WeightScheme, ParamsFn> = {
  fixed: (c, b, signed) => fixedParams(c.range, b, signed),
  'fixed-clip': (c, b, signed) => fixedClipParams(c.stats(), b, signed),
  dfp: (c, b, signed) => dfpParams(c.range, b, signed),
  log2: (c, b, signed) => log2Params(c.range, b, signed),
  'log2-sqrt2': (c, b, signed) => log2Sqrt2Params(c.stats(), b, signed),
  nlq: (c, b, signed, unit) => nlqParams(c.range, b, signed, unit),
};

type ScaleFn = (range: number, bits: number, signed: boolean, nlqUnit: number) => number;

/**
 * The scale of the schemes calibrated from the range alone, equal to CALIBRATE[key](…).scale
 * without building a params object (the run engine asks once per filter and bit-width;
 * the objects were a measurable share of its garbage). nlq's unit is checked by CALIBRATE.
 */
export const RANGE_SCALE: Partial<Record<WeightScheme, ScaleFn>> = {
  fixed: fixedScale,
  dfp: dfpScale,
  log2: (range) => log2Scale(range),
  nlq: (range, _b, _s, unit) => nlqScale(range, unit),
};

type ScalesFn = (src: CalibrationSource, bits: readonly number[], signed: boolean, out: Float64Array) => void;

/**
 * The schemes whose scales for every bit-width come cheaper together than one at a time
 * (log2-sqrt2: one grid walk serves all bit-widths), equal to CALIBRATE's scales.
 */
export const ALL_BITS_SCALES: Partial<Record<WeightScheme, ScalesFn>> = {
  'log2-sqrt2': (src, bits, signed, out) => log2Sqrt2Scales(src.stats(), bits, signed, out),
};

export const tensorSource = (d: LayerData): CalibrationSource => ({ range: d.range, stats: () => d.stats() });
export const filterSource = (d: LayerData, f: number): CalibrationSource => ({
  range: d.rangeF[f], stats: () => d.filterStats()[f],
});

/** Scales per tensor [b] and per filter [f·B + b] of one scheme. */
export function scales(d: LayerData, key: WeightScheme, bits: readonly number[], perFilter: boolean) {
  const B = bits.length;
  const s = new Float64Array(B);
  const t = tensorSource(d);
  bits.forEach((b, k) => (s[k] = CALIBRATE[key](t, b, d.signed, d.nlqUnit).scale));
  if (!perFilter) return { s, sF: null };
  const sF = new Float64Array(d.filters * B);
  for (let f = 0; f < d.filters; f++) {
    const src = filterSource(d, f);
    bits.forEach((b, k) => (sF[f * B + k] = CALIBRATE[key](src, b, d.signed, d.nlqUnit).scale));
  }
  return { s, sF };
}
