/** Helpers every quantizer shares: signedness default, output buffers, params checks. */
import type { QuantizeOptions, QuantParams } from '../quantizer';
import type { WeightScheme } from '../types';
import { allNonNegative } from '../parts/scale';
import { assertBits } from '../validate';

/** Signed unless the caller says otherwise or every element is ≥ 0 (e.g. after ReLU). */
export function resolveSigned(x: Float32Array, opts?: QuantizeOptions): boolean {
  return opts?.signed ?? !allNonNegative(x);
}

/** The range a max-abs scale is computed from: max|x|, or max(max x, 0) when unsigned. */
export function dataRange(x: Float32Array, signed: boolean): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = signed ? Math.abs(x[i]) : x[i];
    if (v > m) m = v;
  }
  return m;
}

/** `out` if given (checked for length), else a new array. */
export function outputFor(x: Float32Array, out?: Float32Array): Float32Array {
  if (!out) return new Float32Array(x.length);
  if (out.length !== x.length) throw new Error(`output has ${out.length} elements, input has ${x.length}`);
  return out;
}

/** Rejects params made for another scheme or with an unusable scale / bit-width. */
export function checkParams(p: QuantParams, key: WeightScheme): void {
  if (p.scheme !== key) throw new Error(`params for "${p.scheme}" given to the "${key}" quantizer`);
  assertBits(p.bits);
  if (!(p.scale >= 0) || !Number.isFinite(p.scale)) {
    throw new Error(`${key}: scale must be a finite number ≥ 0, got ${String(p.scale)}`);
  }
}
