/**
 * The quantization levels of a scheme on given data, for drawing as tick marks over the
 * histogram, plus the SQNR the scheme reaches on that data.
 *
 * Levels are found from the quantizer itself (src/quant/registry.ts), not re-derived: the
 * calibrated quantizer is applied to a probe that lands in every code's rounding interval,
 * and the distinct outputs are the levels. The probe is
 *   - a linear grid over the output range [min level, max level] with 4·2^b steps (finer
 *     than any b-bit uniform grid, whose step is ≥ range / (2^b − 1)), and
 *   - a geometric grid ±2^k, k from log2 of the range down to −149 in 1/16-octave steps
 *     (finer than any log grid here, whose step is 1/2 or 1 octave),
 * plus the data's own outputs. So the result equals the quantizer's set of distinct outputs.
 * Example: fixed at 3 bits on data with max|x| = 0.9 → s = 0.3, levels
 * [−0.9, −0.6, −0.3, 0, 0.3, 0.6, 0.9] (as float32).
 */
import { getQuantizer } from '../../../quant/registry';
import type { QuantizeOptions, QuantParams } from '../../../quant/registry';
import { sqnrDb } from '../../../quant/sqnr';
import type { SqnrDb, WeightScheme } from '../../../quant/types';

export interface SchemeLevels {
  scheme: WeightScheme;
  bits: number;
  /** Distinct representable values, ascending (float32 values). */
  levels: number[];
  params: QuantParams | null;
  /** SQNR of the scheme on the finite data (Infinity = lossless, null = all zero / no data). */
  sqnrDb: SqnrDb;
}

/** The finite values of x, as a Float32Array (the quantizers reject NaN and ±Infinity). */
export function finiteValues(x: ArrayLike<number>): Float32Array {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] - x[i] === 0) n++;
  if (n === x.length && x instanceof Float32Array) return x;
  const out = new Float32Array(n);
  for (let i = 0, j = 0; i < x.length; i++) if (x[i] - x[i] === 0) out[j++] = x[i];
  return out;
}

/** Sorted distinct values of a Float32Array, −0 folded into 0. */
export function distinctSorted(x: ArrayLike<number>): number[] {
  const set = new Set<number>();
  for (let i = 0; i < x.length; i++) set.add(x[i] === 0 ? 0 : x[i]);
  return [...set].sort((a, b) => a - b);
}

function extent(x: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  return [lo, hi];
}

/** The probe of the module comment, for a quantizer whose outputs span [lo, hi]. */
function levelProbe(lo: number, hi: number, bits: number): Float32Array {
  const steps = 4 * 2 ** bits;
  const out: number[] = [];
  if (hi > lo) for (let i = 0; i <= steps; i++) out.push(lo + ((hi - lo) * i) / steps);
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  if (top > 0) {
    for (let k = Math.ceil(Math.log2(top) * 16) / 16 + 1; k >= -149; k -= 1 / 16) {
      const v = 2 ** k;
      out.push(v, -v);
    }
  }
  out.push(0);
  return Float32Array.from(out);
}

/**
 * Levels and SQNR of `scheme` at `bits`, calibrated on the finite values of x.
 * No finite values → no levels, SQNR null.
 */
export function schemeLevels(x: ArrayLike<number>, scheme: WeightScheme, bits: number, opts?: QuantizeOptions): SchemeLevels {
  const data = finiteValues(x);
  if (data.length === 0) return { scheme, bits, levels: [], params: null, sqnrDb: null };
  const q = getQuantizer(scheme);
  const params = q.calibrate(data, bits, opts);
  const quantized = q.apply(data, params);
  // Saturation: the extreme outputs come from probing far beyond the data range.
  const [dlo, dhi] = extent(data);
  const reach = Math.max(Math.abs(dlo), Math.abs(dhi)) * 4 || 1;
  const ends = q.apply(Float32Array.from([-reach, reach]), params);
  const [lo, hi] = extent(Float32Array.from([...ends, ...extent(quantized)]));
  const probed = q.apply(levelProbe(lo, hi, bits), params);
  const all = new Float32Array(probed.length + quantized.length);
  all.set(probed);
  all.set(quantized, probed.length);
  return { scheme, bits, levels: distinctSorted(all), params, sqnrDb: sqnrDb(data, quantized) };
}

/** Display positions of levels in the log2|x| view: distinct log2 of the non-zero magnitudes. */
export function logLevelPositions(levels: readonly number[]): number[] {
  const set = new Set<number>();
  for (const v of levels) if (v !== 0) set.add(Math.log2(Math.abs(v)));
  return [...set].sort((a, b) => a - b);
}
