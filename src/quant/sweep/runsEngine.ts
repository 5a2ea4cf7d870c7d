/**
 * The run error engine: each filter is gathered and sorted by magnitude once
 * (sweep/sortedFilter.ts); then, for every scheme × bit-width, its error under the
 * per-tensor scale and under its own per-filter scale is summed run by run
 * (sweep/runErrors.ts) — O(runs · log) per configuration instead of O(elements). The
 * searched schemes' per-filter calibration stats come from the same sorted filter
 * (magnitudeStatsOfSorted), so each filter is touched by one gather and one sort in all.
 * Per-tensor error = Σ over filters of the filter's error at the per-tensor scale.
 */
import { dfpCodeRange } from '../quantizers/dfp';
import { fixedCodeRange } from '../quantizers/fixed';
import { logLevels } from '../quantizers/log2';
import { SQRT2_STEPS } from '../quantizers/log2Sqrt2';
import { magnitudeStatsOfSorted, StatsWorkspace, type MagnitudeStats } from '../search/magnitudes';
import type { WeightScheme } from '../types';
import { ALL_BITS_SCALES, CALIBRATE, RANGE_SCALE, tensorSource, type CalibrationSource, type LayerData } from './layerData';
import { logRunsSse, logRunsSseShared, uniformRunsSse } from './runErrors';
import { SortedFilter } from './sortedFilter';

export interface SchemeErrors {
  errT: Float64Array; // [b]
  errF: Float64Array | null; // [f·B + b]
}

/** How one scheme turns a scale into errors on a sorted filter. */
interface SchemePlan {
  key: WeightScheme;
  kind: 'uniform' | 'log' | 'log-shared';
  topPos: Float64Array;
  topNeg: Float64Array;
  m: number;
  levels: Float64Array;
  sT: Float64Array; // per-tensor scales [b]
  /** The loaded filter's error at each per-tensor scale [b] (uniform and log kinds). */
  filterT: Float64Array;
  out: SchemeErrors;
}

const inverse = (s: number) => (s > 0 ? 1 / s : 0);
const log2Of = (s: number) => (s > 0 ? Math.log2(s) : -Infinity);

function plan(
  d: LayerData, key: WeightScheme, bits: readonly number[], perFilter: boolean, perTensor: boolean,
): SchemePlan {
  const B = bits.length;
  const t = tensorSource(d);
  const sT = perTensor ? Float64Array.from(bits, (b) => CALIBRATE[key](t, b, d.signed, d.nlqUnit).scale) : new Float64Array(0);
  // The per-filter loop takes RANGE_SCALE's shortcut: check the settings CALIBRATE would.
  if (!perTensor && RANGE_SCALE[key] && bits.length > 0) CALIBRATE[key](t, bits[0], d.signed, d.nlqUnit);
  const range = key === 'dfp' ? dfpCodeRange : fixedCodeRange;
  const uniform = key === 'fixed' || key === 'fixed-clip' || key === 'dfp';
  return {
    key,
    kind: uniform ? 'uniform' : key === 'log2-sqrt2' ? 'log' : 'log-shared',
    topPos: Float64Array.from(bits, (b) => range(b, d.signed)[1]),
    topNeg: Float64Array.from(bits, (b) => -range(b, d.signed)[0]),
    m: key === 'log2' ? 1 : SQRT2_STEPS,
    levels: Float64Array.from(bits, (b) => logLevels(b, d.signed)),
    sT,
    filterT: new Float64Array(B),
    out: { errT: new Float64Array(B), errF: perFilter ? new Float64Array(d.filters * B) : null },
  };
}

/** The error of scale s at bit-width index b on the loaded filter (uniform and log kinds). */
function filterError(p: SchemePlan, sf: SortedFilter, s: number, b: number): number {
  return p.kind === 'uniform'
    ? uniformRunsSse(sf, s, inverse(s), p.topPos[b], p.topNeg[b])
    : logRunsSse(sf, s, log2Of(s), p.m, p.levels[b]);
}

/**
 * Errors of one scale vector `s` [b] on the loaded filter, added into err[offset + b].
 * `known` (the per-filter pass, after the per-tensor one): where s[b] equals the per-tensor
 * scale, the error is the one just computed for it (dfp, and fixed on the filter holding
 * the maximum, often share the per-tensor scale) — the same function of the same numbers.
 */
function addErrors(p: SchemePlan, sf: SortedFilter, s: Float64Array, err: Float64Array, offset: number, known: boolean): void {
  const B = s.length;
  if (p.kind === 'log-shared') {
    logRunsSseShared(sf, s[0], log2Of(s[0]), p.m, p.levels, err, offset);
    return;
  }
  for (let b = 0; b < B; b++) {
    if (known && s[b] === p.sT[b]) {
      err[offset + b] += p.filterT[b];
      continue;
    }
    const e = filterError(p, sf, s[b], b);
    if (!known) p.filterT[b] = e;
    err[offset + b] += e;
  }
}

/** Squared errors of every scheme, per tensor (unless !perTensor) and (when perFilter) per filter. */
export function runsErrors(
  d: LayerData, schemes: readonly WeightScheme[], bits: readonly number[], perFilter: boolean, perTensor = true,
): Map<WeightScheme, SchemeErrors> {
  const plans = schemes.map((key) => plan(d, key, bits, perFilter, perTensor));
  const sf = new SortedFilter(d.x.length / d.filters);
  try {
    sweepFilters(d, plans, bits, perTensor, sf);
  } finally {
    sf.release();
  }
  return new Map(plans.map((p) => [p.key, p.out]));
}

/** runsErrors' loop over the filters, each sorted once into `sf`. */
function sweepFilters(d: LayerData, plans: SchemePlan[], bits: readonly number[], perTensor: boolean, sf: SortedFilter): void {
  const B = bits.length;
  const ws = new StatsWorkspace(); // one filter's stats at a time: reuse their buffers
  const sF = new Float64Array(B);
  for (let f = 0; f < d.filters; f++) {
    sf.load(d.x, d.filters, f);
    let st: MagnitudeStats | null = null;
    const src: CalibrationSource = {
      range: d.rangeF[f],
      stats: () => (st ??= magnitudeStatsOfSorted(sf.gathered, sf.a, sf.n, d.signed, undefined, undefined, ws)),
    };
    for (const p of plans) {
      if (perTensor) addErrors(p, sf, p.sT, p.out.errT, 0, false);
      if (!p.out.errF) continue;
      const rangeScale = RANGE_SCALE[p.key];
      const allBits = ALL_BITS_SCALES[p.key];
      if (allBits) allBits(src, bits, d.signed, sF);
      else {
        for (let b = 0; b < B; b++) {
          sF[b] = rangeScale ? rangeScale(src.range, bits[b], d.signed, d.nlqUnit) : CALIBRATE[p.key](src, bits[b], d.signed, d.nlqUnit).scale;
        }
      }
      addErrors(p, sf, sF, p.out.errF, f * B, perTensor);
    }
  }
}
