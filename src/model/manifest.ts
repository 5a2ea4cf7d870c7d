/**
 * Validation and decoding of a tfjs weights manifest (`model.json` → `weightsManifest`),
 * done before tfjs sees the files so that every problem gets a one-line message naming the
 * file or tensor, instead of a tfjs stack trace or an out-of-memory crash.
 *
 * Storage types accepted (exactly what tfjs-core's decodeWeights reads):
 *   dtype float32 | int32 | bool, optionally with
 *   quantization {dtype: 'uint8' | 'uint16', scale, min}   (value = q · scale + min)
 *   quantization {dtype: 'float16'}                         (float32 weights only)
 */
import { ModelLoadError } from './errors';
import { decodeFloat16 } from './float16';
import { DANGEROUS_KEYS, isPlainObject } from './safeJson';

export type StoredDtype = 'float32' | 'int32' | 'bool';
type QuantDtype = 'uint8' | 'uint16' | 'float16';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: StoredDtype;
  quantization?: { dtype: QuantDtype; scale?: number; min?: number };
}

export interface ManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** Default ceiling on the decoded (float32) size of all weights: 2 GiB. */
export const DEFAULT_MAX_WEIGHT_BYTES = 2 * 1024 ** 3;
/** No single dimension may exceed this (tfjs indexes with int32). */
const MAX_DIM = 2 ** 31 - 1;

const STORED_BYTES: Record<StoredDtype, number> = { float32: 4, int32: 4, bool: 1 };
const QUANT_BYTES: Record<QuantDtype, number> = { uint8: 1, uint16: 2, float16: 2 };

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toPrecision(3)} ${units[i]}`;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes one tensor occupies in the shard files. */
export function storedByteLength(spec: WeightSpec): number {
  const per = spec.quantization ? QUANT_BYTES[spec.quantization.dtype] : STORED_BYTES[spec.dtype];
  return elementCount(spec.shape) * per;
}

function fail(message: string, file = 'model.json'): never {
  throw new ModelLoadError(`${file}: ${message}`, file);
}

function validateSpec(raw: unknown, where: string, seen: Set<string>): WeightSpec {
  if (!isPlainObject(raw)) fail(`${where} is not an object`);
  const name = raw.name;
  if (typeof name !== 'string' || name.length === 0) fail(`${where} has no name`);
  if (DANGEROUS_KEYS.has(name)) fail(`weight name '${name}' is not allowed`);
  if (seen.has(name)) fail(`weight '${name}' is listed twice in weightsManifest`);
  seen.add(name);
  const shape = raw.shape;
  if (!Array.isArray(shape)) fail(`weight '${name}' has no shape array`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      fail(`weight '${name}' has invalid shape [${shape.join(',')}] (dimensions must be integers ≥ 0)`);
    }
    if (d > MAX_DIM) fail(`weight '${name}' has absurd shape [${shape.join(',')}] (dimension ${d} > 2^31−1)`);
  }
  const dtype = raw.dtype;
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
    fail(`weight '${name}' has unsupported dtype '${String(dtype)}' (tfjs reads float32, int32, bool; ` +
      `float16/uint8/uint16 storage is written as quantization: {dtype})`);
  }
  const spec: WeightSpec = { name, shape: shape as number[], dtype };
  if (raw.quantization !== undefined) {
    const q = raw.quantization;
    if (!isPlainObject(q)) fail(`weight '${name}' has an invalid quantization entry`);
    const qd = q.dtype;
    if (qd !== 'uint8' && qd !== 'uint16' && qd !== 'float16') {
      fail(`weight '${name}' has unknown quantization dtype '${String(qd)}' (expected uint8, uint16 or float16)`);
    }
    if (qd === 'float16') {
      if (dtype !== 'float32') fail(`weight '${name}': float16 quantization needs dtype float32, got ${dtype}`);
      spec.quantization = { dtype: qd };
    } else {
      if (dtype === 'bool') fail(`weight '${name}': ${qd} quantization does not apply to bool weights`);
      const { scale, min } = q;
      if (typeof scale !== 'number' || !Number.isFinite(scale) || typeof min !== 'number' || !Number.isFinite(min)) {
        fail(`weight '${name}': ${qd} quantization needs finite numbers scale and min`);
      }
      spec.quantization = { dtype: qd, scale, min };
    }
  }
  return spec;
}

/**
 * Checks the manifest's structure and sizes; refuses absurd shapes before anything is
 * allocated, with the memory they would need.
 */
export function validateManifest(raw: unknown, maxBytes = DEFAULT_MAX_WEIGHT_BYTES): ManifestGroup[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) fail('weightsManifest is not an array');
  const seen = new Set<string>();
  let decodedBytes = 0;
  const groups = raw.map((g, gi): ManifestGroup => {
    if (!isPlainObject(g)) fail(`weightsManifest[${gi}] is not an object`);
    const { paths, weights } = g;
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string' || p.length === 0)) {
      fail(`weightsManifest[${gi}].paths must be a list of file names`);
    }
    if (!Array.isArray(weights)) fail(`weightsManifest[${gi}].weights must be a list`);
    const specs = weights.map((w, wi) => validateSpec(w, `weightsManifest[${gi}].weights[${wi}]`, seen));
    if (specs.length > 0 && paths.length === 0) fail(`weightsManifest[${gi}] lists weights but no files`);
    for (const s of specs) {
      const n = elementCount(s.shape);
      decodedBytes += n * STORED_BYTES[s.dtype];
      if (!Number.isSafeInteger(n) || decodedBytes > maxBytes) {
        fail(`weight '${s.name}' of shape [${s.shape.join(',')}] makes the model need ` +
          `${formatBytes(decodedBytes)} of memory (limit ${formatBytes(maxBytes)}); refusing to load`);
      }
    }
    return { paths: paths as string[], weights: specs };
  });
  return groups;
}

/** A shard: its manifest path and its bytes. */
export interface Shard {
  path: string;
  bytes: Uint8Array;
}

/**
 * Compares the shard files of each group with the byte length its weights need. The
 * converter cuts a group into equal shards (the last one shorter), so a mismatch is pinned
 * to the first file that breaks that pattern: a truncated or over-long shard is named.
 */
export function checkShardLengths(groups: ManifestGroup[], shardsByGroup: Shard[][]): void {
  groups.forEach((g, gi) => {
    const shards = shardsByGroup[gi];
    const need = g.weights.reduce((a, s) => a + storedByteLength(s), 0);
    const have = shards.reduce((a, s) => a + s.bytes.length, 0);
    if (need === have) return;
    const sizes = shards.map((s) => s.bytes.length);
    let culprit = shards[shards.length - 1];
    if (shards.length > 1) {
      const head = sizes.slice(0, -1);
      // The common shard size is the most frequent size among all but the last shard.
      const counts = new Map<number, number>();
      for (const s of head) counts.set(s, (counts.get(s) ?? 0) + 1);
      const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
      const bad = head.findIndex((s) => s !== common);
      if (bad >= 0) culprit = shards[bad];
    }
    const how = have < need ? 'truncated' : 'too long';
    fail(`weight data is ${how}: the ${g.weights.length} weights of group ${gi + 1} need ${need} bytes, ` +
      `files hold ${have} (${shards.map((s) => `${s.path} = ${s.bytes.length}`).join(', ')})`, culprit.path);
  });
}

/**
 * The parts as one view without copying, when they are consecutive views of one buffer
 * (the CLI reads all shards into one buffer, src/cli/files.ts); null otherwise.
 */
function contiguousView(parts: readonly Uint8Array[]): Uint8Array | null {
  if (parts.length === 0) return null;
  const { buffer, byteOffset } = parts[0];
  let end = byteOffset;
  for (const p of parts) {
    if (p.buffer !== buffer || p.byteOffset !== end) return null;
    end += p.byteLength;
  }
  return new Uint8Array(buffer, byteOffset, end - byteOffset);
}

/**
 * The byte arrays back to back: a view of their common buffer when they already lie back
 * to back in it (no copy), else a fresh copy. Read-only use: the result may share memory
 * with the parts.
 */
export function concatView(parts: readonly Uint8Array[]): Uint8Array {
  const view = contiguousView(parts);
  if (view) return view;
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Concatenates byte arrays into one ArrayBuffer. When the parts are consecutive views
 * covering the whole of one ArrayBuffer, that buffer itself is returned (no copy: the
 * caller must not write to it); otherwise a fresh one.
 */
export function concatBytes(parts: readonly Uint8Array[]): ArrayBuffer {
  const view = concatView(parts);
  const { buffer } = view;
  if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) return buffer;
  return view.slice().buffer;
}

/** Decodes one tensor from its stored bytes into float32/int32/bool values (like tfjs). */
export function decodeWeightSpec(spec: WeightSpec, bytes: Uint8Array): Float32Array | Int32Array | Uint8Array {
  const n = elementCount(spec.shape);
  const copy = bytes.slice(); // aligned copy
  const q = spec.quantization;
  if (!q) {
    if (spec.dtype === 'float32') return new Float32Array(copy.buffer, 0, n);
    if (spec.dtype === 'int32') return new Int32Array(copy.buffer, 0, n);
    return copy;
  }
  if (q.dtype === 'float16') return decodeFloat16(new Uint16Array(copy.buffer, 0, n));
  const ints = q.dtype === 'uint8' ? copy : new Uint16Array(copy.buffer, 0, n);
  const out = spec.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  const { scale = 1, min = 0 } = q;
  for (let i = 0; i < n; i++) {
    const v = ints[i] * scale + min;
    out[i] = spec.dtype === 'int32' ? Math.round(v) : v;
  }
  return out;
}

/**
 * Decodes every float weight and rejects NaN/±Infinity, naming the tensor and the shard
 * file holding the bad value. `data` is the concatenation of a group's shards.
 */
export function checkFiniteWeights(group: ManifestGroup, data: Uint8Array, shards: Shard[]): void {
  let offset = 0;
  for (const spec of group.weights) {
    const len = storedByteLength(spec);
    if (spec.dtype === 'float32') {
      // Plain float32 at a 4-byte aligned offset is checked in place (decodeSpec copies).
      const at = data.byteOffset + offset;
      const values = !spec.quantization && at % 4 === 0
        ? new Float32Array(data.buffer, at, len / 4)
        : decodeWeightSpec(spec, data.subarray(offset, offset + len)) as Float32Array;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v - v !== 0) {
          const per = len / Math.max(1, values.length);
          const file = shardAt(shards, offset + i * per);
          const kind = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
          fail(`weight '${spec.name}' holds ${kind} at element ${i}; quantization needs finite weights`, file);
        }
      }
    }
    offset += len;
  }
}

function shardAt(shards: Shard[], byte: number): string {
  let o = 0;
  for (const s of shards) {
    if (byte < o + s.bytes.length) return s.path;
    o += s.bytes.length;
  }
  return shards[shards.length - 1]?.path ?? 'model.json';
}
