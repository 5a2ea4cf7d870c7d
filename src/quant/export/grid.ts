/**
 * Which of a config's quantization decisions an integer pipeline format can hold, and the
 * integer grid each one is: `real = code · scale` with integer codes in [lo, hi] (zero point
 * 0 — every uniform scheme of the studio is zero-centred). The encoding writers (AIMET,
 * onnxruntime TensorQuantOverrides) and the QDQ ONNX export all read the grid from here, so
 * they agree on what is exported and on why the rest is not.
 *
 * Grids (src/quant/quantizers):
 *   fixed, fixed-clip  signed narrow range  codes ±(2^(b−1) − 1)    (8 bits: −127…127)
 *                      unsigned             codes 0 … 2^b − 1       (8 bits: 0…255)
 *   dfp                signed full range    codes −2^(b−1) … 2^(b−1) − 1, scale 2^(−FL)
 *   fixed activations  as fixed, signed or unsigned as the config says
 * No integer grid: log2, log2-sqrt2 and nlq (levels are powers of two / √2, not multiples of
 * one step), and per-filter bit-widths that differ within one tensor (one tensor has one
 * integer type). Those layers stay fake-quantized in float wherever they are exported.
 *
 * Weights are taken as signed unless the caller knows the kernel is all non-negative
 * (`weightsSigned: false`), which is when the studio's quantizers use unsigned codes.
 * A scale of 0 (an all-zero filter, whose codes are all 0) is written as the tensor's
 * smallest positive scale, since every format needs positive scales; the values are the
 * same. Malformed configs (NaN, negative or missing scales, a scale list of the wrong length,
 * bits outside 2..16) are refused with the reason, never written.
 */
import { fixedCodeRange } from '../quantizers/fixed';
import { dfpCodeRange } from '../quantizers/dfp';
import type { LayerConfig } from '../types';

/** One tensor's integer grid. */
export interface IntegerGrid {
  bits: number;
  signed: boolean;
  /** Lowest and highest integer code the studio uses. */
  lo: number;
  hi: number;
  /** One scale (per tensor) or one per filter (per channel), all > 0. */
  scales: number[];
  perChannel: boolean;
  /** True for the symmetric grids (signed fixed / fixed-clip, dfp). */
  symmetric: boolean;
}

/** Why there is no grid: not measured yet, a decision the format cannot hold, a float layer, a broken config. */
type SkipKind = 'pending' | 'no-grid' | 'float' | 'malformed';

type GridResult = { grid: IntegerGrid } | { reason: string; kind: SkipKind };

/** Where a layer's tensors live in the exported graph, as the caller's model names them. */
export interface TensorNames {
  /** The weight tensor (tfjs: `<layer>/kernel`; ONNX: the weight initializer). */
  weight: string;
  /** The tensor at the layer's activation point (after folded BN and activation). */
  activation: string;
  /** Axis of the weight tensor that indexes filters (output channels), or null when the filters are not one axis. */
  channelAxis: number | null;
  /** False when every weight is ≥ 0 (the studio then uses unsigned codes). Default true. */
  weightsSigned?: boolean;
  /** False when the weight is not a graph initializer (e.g. an ONNX `Constant` node output). Default true. */
  weightIsInitializer?: boolean;
}

export type NameLayer = (layer: LayerConfig) => TensorNames;

/**
 * tfjs naming: `<layer>/kernel` and the layer name, filters on the last axis (conv
 * [kh, kw, in, out], dense [in, units]); a depthwise kernel [kh, kw, in, mult] has its
 * filters on one axis only when mult = 1 (axis 2).
 */
export const tfjsTensorNames: NameLayer = (l) => {
  const rank = l.weightShape.length;
  const channelAxis = l.kind === 'depthwise' ? (l.weightShape[rank - 1] === 1 ? rank - 2 : null) : rank - 1;
  return { weight: `${l.name}/kernel`, activation: l.name, channelAxis };
};

/** Bits at or above this mean the weights stay float (as in applyConfig). */
const FLOAT_BITS = 32;
const UNIFORM_WEIGHTS = new Set(['fixed', 'fixed-clip', 'dfp']);

const malformed = (reason: string) => ({ reason: `${reason} (malformed config)`, kind: 'malformed' as const });
const noGrid = (reason: string) => ({ reason: `${reason} — no integer grid`, kind: 'no-grid' as const });

function validBits(b: unknown): b is number {
  return typeof b === 'number' && Number.isInteger(b) && b >= 2 && b <= 16;
}

/** Positive finite scales, zeros replaced (see module comment), or the problem. */
function cleanScales(scales: readonly number[] | undefined, n: number, what: string): number[] | { reason: string; kind: SkipKind } {
  if (!scales || scales.length === 0) return { reason: `${what}: scale not known yet (evaluate the config first)`, kind: 'pending' };
  if (scales.length !== n) return malformed(`${what}: ${scales.length} scales for ${n} ${n === 1 ? 'tensor' : 'filters'}`);
  if (scales.some((s) => typeof s !== 'number' || !Number.isFinite(s) || s < 0)) return malformed(`${what}: a scale is negative or not a finite number`);
  const positive = scales.filter((s) => s > 0);
  const floor = positive.length ? Math.min(...positive) : 1;
  return scales.map((s) => (s > 0 ? s : floor));
}

/** True when the layer's weights are left in float32. */
function weightsAreFloat(l: LayerConfig): boolean {
  const b = l.weights.bits;
  const float = (x: number) => Number.isInteger(x) && x >= FLOAT_BITS;
  return typeof b === 'number' ? float(b) : b.length > 0 && b.every(float);
}

/** The integer grid of a layer's weights, or why there is none. */
export function weightGrid(l: LayerConfig, signed = true): GridResult {
  const w = l.weights;
  const what = `${l.name} weights`;
  if (weightsAreFloat(l)) return { reason: `${what}: left in float32`, kind: 'float' };
  if (!UNIFORM_WEIGHTS.has(w.scheme)) return noGrid(`${what}: ${w.scheme} levels are not evenly spaced`);
  let bits: number;
  if (typeof w.bits === 'number') bits = w.bits;
  else {
    if (w.bits.length !== l.filters) return malformed(`${what}: ${w.bits.length} bit-widths for ${l.filters} filters`);
    if (new Set(w.bits).size > 1) return noGrid(`${what}: per-filter bit-widths differ within the tensor (${Math.min(...w.bits)}–${Math.max(...w.bits)} bits)`);
    bits = w.bits[0];
  }
  if (!validBits(bits)) return malformed(`${what}: ${String(bits)} bits is outside 2..16`);
  const perChannel = w.granularity === 'per-filter';
  const scales = cleanScales(w.scales, perChannel ? l.filters : 1, what);
  if (!Array.isArray(scales)) return scales;
  const [lo, hi] = w.scheme === 'dfp' ? dfpCodeRange(bits, signed) : fixedCodeRange(bits, signed);
  return { grid: { bits, signed, lo, hi, scales, perChannel, symmetric: signed } };
}

/** The integer grid of a layer's activations, or why there is none (null reason: float by choice). */
export function activationGrid(l: LayerConfig): GridResult | null {
  const a = l.activations;
  if (a.scheme === 'float' || a.bits === null) return null;
  const what = `${l.name} activations`;
  if (a.scheme !== 'fixed') return noGrid(`${what}: ${a.scheme} levels are not evenly spaced`);
  if (!validBits(a.bits)) return malformed(`${what}: ${String(a.bits)} bits is outside 2..16`);
  const scales = cleanScales(a.scale === undefined ? undefined : [a.scale], 1, what);
  if (!Array.isArray(scales)) return scales;
  const signed = a.signed ?? false;
  const [lo, hi] = fixedCodeRange(a.bits, signed);
  return { grid: { bits: a.bits, signed, lo, hi, scales, perChannel: false, symmetric: signed } };
}

/** A layer or tensor a writer left out, and why (shown to the user, listed by the CLI). */
export interface ExportSkip {
  layer: string;
  reason: string;
  kind: SkipKind;
}
