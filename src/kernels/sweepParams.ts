/**
 * What the fused sweep kernels need to know about a quantizer, derived from src/quant's own
 * params so that the GPU program and its CPU twin quantize with exactly the reference's
 * scale. Every weight scheme is one of two shapes:
 *
 *   uniform (fixed, fixed-clip, dfp):  q = clamp(round(x · inv), lo, hi) · s,  inv = 1/s
 *   log grid (log2: m = 1; log2-sqrt2, nlq: m = 2):
 *       c = min(round(m · (log2|x| − log2 s)), 0),  q = sign(x) · s · 2^(c/m) if c > −L else 0
 *
 * A kernel bit-width is packed into one vec4 (a uniform): uniform → (s, inv, lo, hi);
 * log → (s, s·2^(1/m), log2 s, L). The second log entry lets the shader build every level
 * with an exact ldexp: s·2^(c/m) = ldexp(c odd ? s·√2 : s, floor(c/m)) for m = 2.
 * Example: fixed, 4 bits, max|x| = 0.7, signed → s = 0.1, vec4 = (0.1, 10, −7, 7).
 */
import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { isQuantBits } from '../quant/bits';
import type { QuantParams } from '../quant/quantizer';
import type { WeightScheme } from '../quant/types';
import { dfpCodeRange, dfpParams } from '../quant/quantizers/dfp';
import { fixedCodeRange, fixedParams } from '../quant/quantizers/fixed';
import { log2Params, logLevels } from '../quant/quantizers/log2';
import { SQRT2_STEPS } from '../quant/quantizers/log2Sqrt2';
import { NLQ_DEFAULT_UNIT, nlqParams } from '../quant/quantizers/nlq';

/** The kernel's compile-time variant: one pipeline per mode, bits and scales are uniforms. */
export type SweepKernelMode = 'uniform' | 'log1' | 'log2';

/** Most bit-widths one kernel launch handles (its vec4 uniforms p0..p6): all of 2..8. */
export const MAX_BITS_PER_LAUNCH = 7;

export const SWEEP_KERNEL_NAME = 'QsSweepError';

/** Attributes of the QsSweepError kernel (tfjs attrs must be plain values). */
export interface SweepErrorAttrs {
  [k: string]: string | number[] | boolean;
  scheme: WeightScheme;
  /** Bit-widths, at most MAX_BITS_PER_LAUNCH. */
  bits: number[];
  /** src/quant's `scale` for each bit-width (step for uniform schemes, top level for log). */
  scales: number[];
  signed: boolean;
}

/** Columns of the kernel output: Σx², then Σ(x − q)² per bit-width (unused columns 0). */
export const SWEEP_COLUMNS = 1 + MAX_BITS_PER_LAUNCH;

export function kernelModeOf(scheme: WeightScheme): SweepKernelMode {
  switch (scheme) {
    case 'fixed':
    case 'fixed-clip':
    case 'dfp':
      return 'uniform';
    case 'log2':
      return 'log1';
    case 'log2-sqrt2':
    case 'nlq':
      return 'log2';
    default:
      throw new Error(`the sweep kernel has no variant for scheme "${String(scheme)}"`);
  }
}

/**
 * The QuantParams src/quant's apply() needs (every scheme reads only scheme, bits, signed,
 * scale there). Example: toQuantParams('fixed', 4, true, 0.1) → {scheme:'fixed', bits:4, …}.
 */
export function toQuantParams(scheme: WeightScheme, bits: number, signed: boolean, scale: number): QuantParams {
  return { scheme, bits, signed, scale };
}

/**
 * Per-tensor params of the schemes whose scale is a function of the data range alone
 * (fixed, dfp, log2, nlq with the shared unit `nlqUnit`, default 1). fixed-clip and log2-sqrt2
 * search their scale on the data: calibrate them with src/quant and pass `scales` instead.
 */
export function paramsFromRange(
  scheme: WeightScheme, range: number, bits: number, signed: boolean, nlqUnit = NLQ_DEFAULT_UNIT,
): QuantParams {
  switch (scheme) {
    case 'fixed':
      return fixedParams(range, bits, signed);
    case 'dfp':
      return dfpParams(range, bits, signed);
    case 'log2':
      return log2Params(range, bits, signed);
    case 'nlq':
      return nlqParams(range, bits, signed, nlqUnit);
    default:
      throw new Error(`scheme "${scheme}" searches its scale on the data; calibrate it with src/quant and pass the scales`);
  }
}

/**
 * The vec4 uniform of one bit-width (see module comment), each entry rounded to float32
 * as the GPU will hold it. Scale 0 (all-zero data) packs zeros, which quantize to 0.
 * Example: ('log2-sqrt2', 3, true, 1) → (1, 1.4142135, 0, 3).
 */
export function kernelVec4(scheme: WeightScheme, bits: number, signed: boolean, scale: number): [number, number, number, number] {
  const f = Math.fround;
  if (!(scale > 0)) return [0, 0, 0, 0];
  const mode = kernelModeOf(scheme);
  if (mode === 'uniform') {
    // The code ranges come from src/quant itself (fixed: narrow when signed, full when unsigned).
    const [lo, hi] = scheme === 'dfp' ? dfpCodeRange(bits, signed) : fixedCodeRange(bits, signed);
    return [f(scale), f(1 / scale), lo, hi];
  }
  const m = mode === 'log1' ? 1 : SQRT2_STEPS;
  return [f(scale), f(scale * 2 ** (1 / m)), f(Math.log2(scale)), logLevels(bits, signed)];
}

/** Codes per octave of a log mode (1 for 'log1', 2 for 'log2'); 0 for uniform. */
export function stepsPerOctave(mode: SweepKernelMode): number {
  return mode === 'log1' ? 1 : mode === 'log2' ? SQRT2_STEPS : 0;
}

/** Checks the attrs a caller built by hand: lengths, bit range, finite scales. */
function checkSweepAttrs(a: SweepErrorAttrs): void {
  kernelModeOf(a.scheme);
  if (a.bits.length < 1 || a.bits.length > MAX_BITS_PER_LAUNCH) {
    throw new Error(`${SWEEP_KERNEL_NAME}: 1..${MAX_BITS_PER_LAUNCH} bit-widths per launch, got ${a.bits.length}`);
  }
  if (a.scales.length !== a.bits.length) {
    throw new Error(`${SWEEP_KERNEL_NAME}: ${a.scales.length} scales for ${a.bits.length} bit-widths`);
  }
  for (const b of a.bits) {
    if (!isQuantBits(b)) throw new Error(`${SWEEP_KERNEL_NAME}: bad bit-width ${b}`);
  }
  for (const s of a.scales) {
    if (!(s >= 0) || !Number.isFinite(s)) throw new Error(`${SWEEP_KERNEL_NAME}: bad scale ${s}`);
  }
}

/** The checked float32 input and attributes of a QsSweepError call: every backend's kernel starts here. */
export function sweepKernelArgs(args: { inputs: NamedTensorInfoMap; attrs?: unknown }): { x: TensorInfo; attrs: SweepErrorAttrs } {
  const x = args.inputs.x;
  if (!x) throw new Error(`${SWEEP_KERNEL_NAME}: missing input x`);
  const attrs = args.attrs as SweepErrorAttrs;
  checkSweepAttrs(attrs);
  if (x.dtype !== 'float32') throw new Error(`${SWEEP_KERNEL_NAME}: float32 input expected, got ${x.dtype}`);
  return { x, attrs };
}
