/**
 * Values of ONNX TensorProtos wherever exporters put them: `raw_data` (little-endian
 * bytes), the typed repeated fields (float_data, int32_data — which also carries float16
 * bits —, int64_data, double_data), or an external data file (`data_location = EXTERNAL`,
 * `external_data` {location, offset, length}) dropped beside the .onnx.
 * Weights come out as Float32Array (float16, bfloat16 and double converted); shape-like
 * tensors (Reshape's shape, Pad's pads) as plain numbers.
 */
import { decodeFloat16 } from '../float16';
import { DataType, dataTypeName, type OnnxTensor } from './proto';

/** Looks up an external data file by the `location` a tensor names (relative to the .onnx). */
export type ExternalDataFiles = (location: string) => Uint8Array | undefined;

/** Most elements one tensor may declare (2^31): beyond that the dims are absurd, not a model. */
const MAX_TENSOR_ELEMENTS = 2 ** 31;

/** The element count of dims, or an error message when a dim is negative, fractional or absurd. */
export function checkedSize(dims: readonly number[], what: string): number {
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`${what} has an invalid dimension ${d} in [${dims.join(',')}]`);
    n *= d;
  }
  if (n > MAX_TENSOR_ELEMENTS) throw new Error(`${what} declares absurd dims [${dims.join(',')}] (${n.toExponential(2)} elements)`);
  return n;
}

const BYTES: Partial<Record<number, number>> = {
  [DataType.FLOAT]: 4, [DataType.DOUBLE]: 8, [DataType.FLOAT16]: 2, [DataType.BFLOAT16]: 2,
  [DataType.INT64]: 8, [DataType.INT32]: 4, [DataType.UINT8]: 1, [DataType.INT8]: 1,
  [DataType.INT16]: 2, [DataType.UINT16]: 2, [DataType.BOOL]: 1, [DataType.UINT32]: 4, [DataType.UINT64]: 8,
};

function entry(t: OnnxTensor, key: string): string | undefined {
  return t.external_data.find((e) => e.key === key)?.value;
}

/** The tensor's bytes in raw_data layout, from raw_data or its external file; null when it uses typed fields. */
function rawBytes(t: OnnxTensor, external: ExternalDataFiles | undefined, name: string): Uint8Array | null {
  if (t.data_location === 1) {
    const location = entry(t, 'location');
    if (!location) throw new Error(`tensor '${name}' is stored externally but names no location`);
    const file = external?.(location);
    if (!file) throw new Error(`missing external data file '${location}' for tensor '${name}' (drop it beside the .onnx)`);
    const offset = Number(entry(t, 'offset') ?? 0);
    const length = entry(t, 'length') !== undefined ? Number(entry(t, 'length')) : file.length - offset;
    if (!(offset >= 0 && length >= 0 && offset + length <= file.length)) {
      throw new Error(`external data file '${location}' is too short for tensor '${name}' (needs bytes ${offset}..${offset + length}, has ${file.length})`);
    }
    return file.subarray(offset, offset + length);
  }
  return t.raw_data && t.raw_data.length > 0 ? t.raw_data : null;
}

/** An aligned copy (raw_data views may start at any byte of the file). */
function aligned(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

function bfloat16ToFloat(bits: Uint16Array): Float32Array {
  const u = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) u[i] = bits[i] << 16;
  return new Float32Array(u.buffer);
}

/**
 * The tensor's values as float32 (weights, BN statistics, biases). Throws a one-line
 * message when the bytes do not match the dims or the type cannot hold weights.
 */
export function tensorFloats(t: OnnxTensor, external?: ExternalDataFiles): Float32Array {
  const name = t.name ?? '(unnamed)';
  const n = checkedSize(t.dims, `tensor '${name}'`);
  const type = t.data_type ?? DataType.UNDEFINED;
  const raw = rawBytes(t, external, name);
  const width = BYTES[type];
  if (raw) {
    if (width === undefined) throw new Error(`tensor '${name}' has type ${dataTypeName(type)}, which the studio cannot read`);
    if (raw.length !== n * width) throw new Error(`tensor '${name}' holds ${raw.length} bytes, its dims [${t.dims.join(',')}] of ${dataTypeName(type)} need ${n * width}`);
    const buf = aligned(raw);
    switch (type) {
      case DataType.FLOAT: return new Float32Array(buf);
      case DataType.FLOAT16: return decodeFloat16(new Uint16Array(buf));
      case DataType.BFLOAT16: return bfloat16ToFloat(new Uint16Array(buf));
      case DataType.DOUBLE: return Float32Array.from(new Float64Array(buf));
      case DataType.INT64: return Float32Array.from(new BigInt64Array(buf), Number);
      case DataType.UINT64: return Float32Array.from(new BigUint64Array(buf), Number);
      case DataType.INT32: return Float32Array.from(new Int32Array(buf));
      case DataType.UINT32: return Float32Array.from(new Uint32Array(buf));
      case DataType.INT16: return Float32Array.from(new Int16Array(buf));
      case DataType.UINT16: return Float32Array.from(new Uint16Array(buf));
      case DataType.INT8: return Float32Array.from(new Int8Array(buf));
      default: return Float32Array.from(new Uint8Array(buf));
    }
  }
  let values: ArrayLike<number>;
  switch (type) {
    case DataType.FLOAT: values = t.float_data; break;
    case DataType.DOUBLE: values = t.double_data; break;
    case DataType.INT64: values = t.int64_data; break;
    case DataType.UINT64: case DataType.UINT32: values = t.uint64_data; break;
    case DataType.FLOAT16: values = decodeFloat16(Uint16Array.from(t.int32_data)); break;
    case DataType.BFLOAT16: values = bfloat16ToFloat(Uint16Array.from(t.int32_data)); break;
    case DataType.INT32: case DataType.INT16: case DataType.UINT16: case DataType.INT8: case DataType.UINT8: case DataType.BOOL:
      values = t.int32_data; break;
    default: throw new Error(`tensor '${name}' has type ${dataTypeName(type)}, which the studio cannot read`);
  }
  if (values.length !== n) throw new Error(`tensor '${name}' holds ${values.length} values, its dims [${t.dims.join(',')}] need ${n}`);
  return Float32Array.from(values);
}

/** Integer values of a small tensor (shapes, axes, pads): exact for int64 up to 2^53. */
export function tensorInts(t: OnnxTensor, external?: ExternalDataFiles): number[] {
  const type = t.data_type ?? DataType.UNDEFINED;
  const name = t.name ?? '(unnamed)';
  const raw = rawBytes(t, external, name);
  if (raw && type === DataType.INT64) return Array.from(new BigInt64Array(aligned(raw)), Number);
  if (!raw && type === DataType.INT64) return [...t.int64_data];
  return Array.from(tensorFloats(t, external), Math.round);
}
