/**
 * The real models the malformed corpus is cut from, and byte-level tools to damage them.
 * Bases: the demo models in public/models/<name>/ (model.json + shards as the page serves
 * them); when a demo model is not built yet, the hand-checked fixture of
 * scripts/make-graph-fixture.ts stands in, so the corpus never depends on a training run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWeights, graphModelFiles, layersModelFiles, type FileMap, type Quant } from '../make-graph-fixture';

export type { FileMap };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
  /** Byte offset of the tensor in its group's concatenated shards, and its stored length. */
  offset: number;
  byteLength: number;
  group: number;
}

export interface BaseModel {
  /** Where it came from: 'demo:lenet', 'fixture:layers-float32', … */
  source: string;
  files: FileMap;
  json: Json;
  /** Shard paths of each manifest group, in order. */
  shards: string[][];
  weights: WeightEntry[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

export const enc = (s: string) => new TextEncoder().encode(s);
export const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function baseFromFiles(source: string, files: FileMap): BaseModel {
  const json = JSON.parse(dec(files.get('model.json')!));
  const shards: string[][] = [];
  const weights: WeightEntry[] = [];
  (json.weightsManifest ?? []).forEach((g: Json, gi: number) => {
    shards.push([...g.paths]);
    let offset = 0;
    for (const w of g.weights) {
      const byteLength = w.shape.reduce((a: number, b: number) => a * b, 1) * BYTES[w.quantization?.dtype ?? w.dtype];
      weights.push({ ...w, offset, byteLength, group: gi });
      offset += byteLength;
    }
  });
  return { source, files, json, shards, weights };
}

/** Reads public/models/<name>/ like the page does: model.json, then every listed shard. */
export function readModelDir(dir: string, source: string): BaseModel | null {
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) return null;
  const files: FileMap = new Map([['model.json', new Uint8Array(readFileSync(jsonPath))]]);
  const json = JSON.parse(dec(files.get('model.json')!));
  for (const g of json.weightsManifest ?? []) {
    for (const p of g.paths) {
      if (!existsSync(join(dir, p))) return null;
      files.set(p, new Uint8Array(readFileSync(join(dir, p))));
    }
  }
  return baseFromFiles(source, files);
}

export interface Bases {
  /** A small demo LayersModel (lenet), the source of most cases. */
  primary: BaseModel;
  /** A second demo model (resnet-ds; re-cut into 16 KiB shards when it has fewer than 3), for multi-shard cases. */
  secondary: BaseModel;
  /** A GraphModel (tfjs-converter format) for unsupported-op cases. */
  graph: BaseModel;
}

export async function loadBases(root: string): Promise<Bases> {
  const primary = readModelDir(join(root, 'public/models/lenet'), 'demo:lenet') ??
    baseFromFiles('fixture:layers-float32', await layersModelFiles('float32', 1 << 20));
  const resnet = readModelDir(join(root, 'public/models/resnet-ds'), 'demo:resnet-ds');
  // Multi-shard cases need ≥ 3 shards: a small demo model is re-cut (same tfjs layout, same bytes).
  const secondary = resnet && resnet.shards[0].length >= 3 ? resnet
    : transcode(resnet ?? primary, 'float32', 16 * 1024, `${resnet ? resnet.source : primary.source} resharded`);
  return { primary, secondary, graph: baseFromFiles('fixture:graph-float32', graphModelFiles('float32')) };
}

/** Concatenated stored bytes of one manifest group. */
function groupBytes(base: BaseModel, group = 0): Uint8Array {
  const parts = base.shards[group].map((p) => base.files.get(p)!);
  const all = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

/** Re-encodes a float32 model as float32/float16/uint8 shards of `shardBytes` (tfjs layout). */
export function transcode(base: BaseModel, quant: Quant, shardBytes: number, source: string): BaseModel {
  const tensors = base.weights.map((w) => {
    if (w.quantization || (w.dtype !== 'float32' && w.dtype !== 'int32')) throw new Error(`transcode: ${w.name} is not plain float32/int32`);
    const bytes = groupBytes(base, w.group).slice(w.offset, w.offset + w.byteLength);
    const values = w.dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
    return { name: w.name, shape: w.shape, dtype: w.dtype as 'float32' | 'int32', values };
  });
  const { manifest, shards } = encodeWeights(tensors, quant, shardBytes);
  const json = { ...structuredClone(base.json), weightsManifest: manifest };
  const files: FileMap = new Map([['model.json', enc(JSON.stringify(json))], ...shards]);
  return baseFromFiles(source, files);
}

/** A copy of the base's files with model.json rewritten by `edit` (on a deep copy). */
export function editJson(base: BaseModel, edit: (json: Json) => void): FileMap {
  const json = structuredClone(base.json);
  edit(json);
  return withFile(base.files, 'model.json', enc(JSON.stringify(json)));
}

/** A copy of `files` with one file replaced (bytes) or removed (null). */
export function withFile(files: FileMap, path: string, bytes: Uint8Array | null): FileMap {
  const out = new Map(files);
  if (bytes === null) out.delete(path);
  else out.set(path, bytes);
  return out;
}

/** A copy of the base's files with `bytes` written at `offset` of weight `w` (across shards). */
export function patchWeight(base: BaseModel, w: WeightEntry, offset: number, bytes: Uint8Array): FileMap {
  const out = new Map(base.files);
  let start = 0;
  const at = w.offset + offset;
  for (const path of base.shards[w.group]) {
    const shard = base.files.get(path)!;
    const lo = Math.max(at, start);
    const hi = Math.min(at + bytes.length, start + shard.length);
    if (lo < hi) {
      const copy = (out.get(path) === shard ? shard.slice() : out.get(path)!);
      copy.set(bytes.subarray(lo - at, hi - at), lo - start);
      out.set(path, copy);
    }
    start += shard.length;
  }
  return out;
}

/** The quantizable-looking kernels (rank ≥ 2 float weights), largest last. */
export function kernels(base: BaseModel): WeightEntry[] {
  return base.weights.filter((w) => w.shape.length >= 2 && w.dtype === 'float32');
}
