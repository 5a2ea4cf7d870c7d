/**
 * Uniform integer fake-quantization: scale → round → clamp → de-scale (Brevitas `IntQuant`).
 * Shared by fixed, fixed-clip and dfp; the sweep calls `intFakeQuantValue` in its fused
 * loops so that its numbers are bit-identical to `apply`.
 */
import { clamp } from './clamp';
import { roundHalfAway } from './round';

/**
 * One value: `q = clamp(round(v / s), lo, hi) · s`, rounded to float32 like the stored
 * output. Division is done as a multiplication by `inv = 1/s` (one reciprocal per tensor).
 * Example: v = 0.337, s = 0.1 (inv = 10), lo = −7, hi = 7 → round(3.37) = 3 → 0.3.
 */
function intFakeQuantValue(v: number, inv: number, s: number, lo: number, hi: number): number {
  return Math.fround(clamp(roundHalfAway(v * inv), lo, hi) * s);
}

/**
 * Fake-quantize a whole array with step `s` and integer code range [lo, hi].
 * s = 0 (all-zero data) writes zeros. Example: x = [0.337, −1.2], s = 0.1, lo = −7, hi = 7
 * → [0.3, −0.7] (−12 clamps to −7).
 */
export function intFakeQuant(x: Float32Array, s: number, lo: number, hi: number, out: Float32Array): Float32Array {
  if (!(s > 0)) {
    out.fill(0);
    return out;
  }
  const inv = 1 / s;
  for (let i = 0; i < x.length; i++) out[i] = intFakeQuantValue(x[i], inv, s, lo, hi);
  return out;
}
