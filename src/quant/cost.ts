/**
 * Cost model: what a quantized layer costs to store and to compute.
 *
 * Storage (docs/methods.md "Cost model"): weights × bits, plus every stored scale
 * (32-bit float each; 8 bits when the scheme's scale is a power of two, since only the
 * exponent is stored: dfp, log2, nlq), plus — when bit-widths differ between filters — a
 * 4-bit bit-width field per filter (2..16 fits in 4 bits as b − 1): per-filter maps are
 * not free. No zero points: every scheme here is symmetric or unsigned-from-zero.
 *
 * Compute: BitOPs = MACs · b_w · b_a with b_a the bits of the layer's *input* (a b_w × b_a
 * multiply costs b_w·b_a binary ops, the binary-decomposition count of EBS; float32 counts
 * as 32 × 32); config/summary.ts applies it to a config (layerBitops, inputBits).
 */
import type { Granularity, WeightScheme } from './types';

/** Bits of one stored scale: a float32, or an 8-bit exponent for power-of-two scales. */
const FLOAT_SCALE_BITS = 32;
const EXPONENT_SCALE_BITS = 8;
/** Bits of one per-filter bit-width entry when widths vary inside a layer. */
const BIT_WIDTH_FIELD_BITS = 4;

/**
 * Bits per stored scale for a scheme. Examples: 'fixed' → 32, 'dfp' → 8, 'nlq' → 8
 * (its normaliser is a power of two; the shared unit's FSR is stored once per network).
 */
export function scaleBitsFor(scheme: WeightScheme): number {
  return scheme === 'dfp' || scheme === 'log2' || scheme === 'nlq' ? EXPONENT_SCALE_BITS : FLOAT_SCALE_BITS;
}

/**
 * Storage bits of one layer's weights.
 *   per-tensor: params · b + scaleBits
 *   per-filter: Σ_f (params / filters) · b_f + filters · scaleBits (+ filters · 4 if b_f vary)
 * Example: 1,000 weights in 10 filters at 4 bits per filter with float scales →
 * 4,000 + 10·32 = 4,320 bits; with bits [2,2,2,2,2,8,8,8,8,8] → 5,000 + 320 + 40 = 5,360.
 */
export function weightStorageBits(
  params: number,
  bits: number | readonly number[],
  filters: number,
  granularity: Granularity,
  scaleBits = FLOAT_SCALE_BITS,
): number {
  if (!(params >= 0) || !Number.isInteger(params)) throw new Error(`params must be a non-negative integer, got ${params}`);
  if (!Number.isInteger(filters) || filters < 1) throw new Error(`filters must be a positive integer, got ${filters}`);
  if (typeof bits === 'number') {
    return params * bits + (granularity === 'per-filter' ? filters : 1) * scaleBits;
  }
  if (bits.length !== filters) throw new Error(`per-filter bits has ${bits.length} entries for ${filters} filters`);
  if (granularity !== 'per-filter') throw new Error('a bit-width per filter needs per-filter granularity');
  const perFilter = params / filters;
  let total = 0;
  let varies = false;
  for (const b of bits) {
    total += perFilter * b;
    if (b !== bits[0]) varies = true;
  }
  return total + filters * scaleBits + (varies ? filters * BIT_WIDTH_FIELD_BITS : 0);
}

/**
 * Average weight bit-width (bits may vary per filter; every filter has the same size).
 * Example: averageBits([2, 4, 6]) = 4; averageBits(8) = 8.
 */
export function averageBits(bits: number | readonly number[]): number {
  if (typeof bits === 'number') return bits;
  if (bits.length === 0) throw new Error('averageBits: no bit-widths');
  let s = 0;
  for (const b of bits) s += b;
  return s / bits.length;
}
