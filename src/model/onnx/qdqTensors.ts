/**
 * The integer side of the QDQ export (qdq.ts): which ONNX integer type holds a grid at the
 * model's opset, the integer codes of a fake-quantized kernel, and the initializers that
 * store them.
 *
 * Types: int8/uint8 from opset 10 (per-axis scales from opset 13); int4/uint4 and
 * int16/uint16 only from opset 21 — a 4-bit kernel of an older model is stored in int8
 * (same values, codes −7…7), a 9–16-bit one stays float. The model's opset is never raised:
 * ops such as Softmax, ReduceMean, Split or Pad changed meaning between opsets.
 *
 * Codes: for a kernel the studio fake-quantized on an integer grid (fixed, fixed-clip, dfp;
 * one bit-width per tensor), code = round(value / scale) must lie in the grid's range and
 * give the value back, code · fround(scale) in float32 (what DequantizeLinear computes),
 * within float32 rounding of the scale; anything else is refused with the reason, and the
 * caller keeps the kernel fake-quantized in float.
 */
import { dfpCodeRange } from '../../quant/quantizers/dfp';
import { fixedCodeRange } from '../../quant/quantizers/fixed';
import type { WeightSubstitution } from '../runtime/types';
import { DataType, type OnnxModelInit } from './proto';

export type TensorInit = NonNullable<NonNullable<OnnxModelInit['graph']>['initializer']>[number];

interface IntType {
  name: 'int8' | 'uint8' | 'int4' | 'uint4' | 'int16' | 'uint16';
  dataType: number;
  bits: number;
  signed: boolean;
}

const TYPES: Record<IntType['name'], IntType> = {
  int4: { name: 'int4', dataType: DataType.INT4, bits: 4, signed: true },
  uint4: { name: 'uint4', dataType: DataType.UINT4, bits: 4, signed: false },
  int8: { name: 'int8', dataType: DataType.INT8, bits: 8, signed: true },
  uint8: { name: 'uint8', dataType: DataType.UINT8, bits: 8, signed: false },
  int16: { name: 'int16', dataType: DataType.INT16, bits: 16, signed: true },
  uint16: { name: 'uint16', dataType: DataType.UINT16, bits: 16, signed: false },
};

/** The narrowest ONNX integer type for a `bits`-bit grid at this opset, or why there is none. */
export function intTypeFor(bits: number, signed: boolean, opset: number): IntType | string {
  const u = signed ? '' : 'u';
  if (opset < 10) return `opset ${opset} has no QuantizeLinear/DequantizeLinear (opset 10+)`;
  if (bits <= 4 && opset >= 21) return TYPES[`${u}int4` as IntType['name']];
  if (bits <= 8) return TYPES[`${u}int8` as IntType['name']];
  if (bits <= 16 && opset >= 21) return TYPES[`${u}int16` as IntType['name']];
  return `${bits}-bit integers need opset 21 (int16), the model is opset ${opset}`;
}

interface IntegerKernel {
  type: IntType;
  codes: Int32Array;
  /** One scale, or one per index along `axis`. */
  scales: Float32Array;
  axis: number | null;
  /** Largest |code · scale − value| over the kernel (float32 rounding of the scale). */
  maxError: number;
}

const UNIFORM = new Set(['fixed', 'fixed-clip', 'dfp']);

/** Axis of `dims` whose index equals each element's filter, or null. */
export function filterAxis(dims: readonly number[], filterOf: ArrayLike<number>, filters: number): number | null {
  const n = filterOf.length;
  let stride = n;
  for (let axis = 0; axis < dims.length; axis++) {
    stride /= dims[axis];
    if (dims[axis] !== filters) continue;
    let ok = true;
    for (let e = 0; e < n && ok; e++) ok = Math.floor(e / stride) % filters === filterOf[e];
    if (ok) return axis;
  }
  return null;
}

/**
 * Integer codes of a substituted kernel in the node's layout (`values`, `dims`), with
 * `filterOf[e]` the filter of element e; or the reason it stays float.
 */
export function integerKernel(sub: WeightSubstitution, values: Float32Array, dims: readonly number[], filterOf: ArrayLike<number>,
  filters: number, opset: number): IntegerKernel | string {
  if (!UNIFORM.has(sub.scheme)) return `${sub.scheme} levels are not evenly spaced — no integer grid`;
  const distinct = typeof sub.bits === 'number' ? [sub.bits] : [...new Set(sub.bits)];
  if (distinct.length !== 1) return `per-filter bit-widths differ within the tensor (${Math.min(...distinct)}–${Math.max(...distinct)} bits) — no single integer type`;
  const bits = distinct[0];
  const signed = sub.params[0]?.signed ?? true;
  const type = intTypeFor(bits, signed, opset);
  if (typeof type === 'string') return type;
  const perChannel = sub.params.length > 1;
  let axis: number | null = null;
  if (perChannel) {
    if (sub.params.length !== filters) return `${sub.params.length} scales for ${filters} filters`;
    if (opset < 13) return `per-channel scales need opset 13 (DequantizeLinear axis), the model is opset ${opset}`;
    axis = filterAxis(dims, filterOf, filters);
    if (axis === null) return 'its filters are not one axis of the stored kernel, so per-channel scales cannot be written';
  }
  const raw = sub.params.map((p) => p.scale);
  if (raw.some((s) => !Number.isFinite(s) || s < 0)) return 'a scale is negative or not finite';
  const positive = raw.filter((s) => s > 0);
  const floor = positive.length ? Math.min(...positive) : 1;
  const scales = Float32Array.from(raw, (s) => (s > 0 ? s : floor));
  const [lo, hi] = sub.scheme === 'dfp' ? dfpCodeRange(bits, signed) : fixedCodeRange(bits, signed);
  const codes = new Int32Array(values.length);
  let maxError = 0;
  for (let e = 0; e < values.length; e++) {
    const s = scales[perChannel ? filterOf[e] : 0];
    const c = Math.round(values[e] / s);
    const back = Math.fround(c * s);
    const err = Math.abs(back - values[e]);
    if (c < lo || c > hi || err > 4e-7 * Math.abs(values[e]) + 1e-30) return `value ${values[e]} is not a code of its grid (scale ${s})`;
    codes[e] = c;
    maxError = Math.max(maxError, err);
  }
  return { type, codes, scales, axis, maxError };
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Integer initializer (int4/uint4 packed two per byte, low nibble first). */
export function intInitializer(name: string, dims: number[], codes: ArrayLike<number>, t: IntType): TensorInit {
  let raw: Uint8Array;
  if (t.bits === 4) {
    raw = new Uint8Array(Math.ceil(codes.length / 2));
    for (let i = 0; i < codes.length; i++) raw[i >> 1] |= (codes[i] & 0xf) << ((i & 1) * 4);
  } else if (t.bits === 8) raw = t.signed ? bytesOf(Int8Array.from(codes)) : bytesOf(Uint8Array.from(codes));
  else raw = t.signed ? bytesOf(Int16Array.from(codes)) : bytesOf(Uint16Array.from(codes));
  return { name, dims, data_type: t.dataType, raw_data: raw };
}

export function floatInitializer(name: string, dims: number[], values: ArrayLike<number>): TensorInit {
  return { name, dims, data_type: DataType.FLOAT, raw_data: bytesOf(Float32Array.from(values)) };
}

/** Bytes an initializer of this type holds. */
export function storedBytes(n: number, t: IntType): number {
  return Math.ceil((n * t.bits) / 8);
}
