/**
 * Export of a config's quantized model as a stock tfjs model (model.json + one weight
 * file) that tf.loadLayersModel / tf.loadGraphModel read without any studio code, and that
 * reproduces the evaluation's weight-only figures exactly: the kernels hold the
 * fake-quantized values bit for bit, BN-folded layers carry the same edits as in
 * evaluation (weightEdits.ts), activations are not quantized (tfjs has no such op).
 *
 * Storage per quantized kernel, in tfjs's weight-quantization manifest:
 *   - 'uint8' {scale, min}: when every value is fround(k · scale + min) for a k in 0..255 —
 *     true for per-tensor uniform schemes (fixed, fixed-clip, dfp at ≤ 8 bits): scale = the
 *     step s, min = c_lo · s, k = code − c_lo;
 *   - 'float16': when float16 holds every value exactly (often for log2 / nlq powers of two);
 *   - float32 otherwise, with the reason (per-filter scales: tfjs stores one scale and min
 *     per tensor; non-affine log grids).
 * The written bytes are decoded again with tfjs's own decoder and compared bit for bit; a
 * tensor that would not round-trip exactly falls back to float32. Biases, batch norms and
 * unquantized layers stay float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import { encodeFloat16 } from '../float16';
import type { ExportedModel, ExportedTensor, ExportOptions, QuantLayer, QuantPlan } from '../runtime/types';
import { weightEdits, type TfjsHandle, type WeightEdit } from './weightEdits';

export type StoredDtype = 'uint8' | 'float16' | 'float32' | 'int32';

const WEIGHT_FILE = 'group1-shard1of1.bin';

interface Encoded { spec: tf.io.WeightsManifestEntry; data: Uint8Array; info: ExportedTensor }

/** uint8 affine representation of `v`, or null (see module comment). */
export function affineUint8(v: Float32Array, step: number): { scale: number; min: number; codes: Uint8Array } | null {
  if (!(step > 0) || !Number.isFinite(step)) return null;
  let lo = Infinity;
  for (let i = 0; i < v.length; i++) lo = Math.min(lo, Math.round(v[i] / step));
  if (!Number.isFinite(lo)) return null;
  const min = lo * step;
  const codes = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const k = Math.round((v[i] - min) / step);
    if (k < 0 || k > 255 || Math.fround(k * step + min) !== v[i]) return null;
    codes[i] = k;
  }
  return { scale: step, min, codes };
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function float32(name: string, shape: number[], values: Float32Array, layer: string | null, note?: string): Encoded {
  return {
    spec: { name, shape, dtype: 'float32' },
    data: bytesOf(Float32Array.from(values)),
    info: { name, layer, dtype: 'float32', bytes: values.length * 4, ...(note ? { note } : {}) },
  };
}

function encodeKernel(e: WeightEdit): Encoded {
  const q = e.quantized!;
  const scales = [...new Set(q.params.map((p) => p.scale))];
  const uniform = q.scheme === 'fixed' || q.scheme === 'fixed-clip' || q.scheme === 'dfp';
  if (uniform && scales.length === 1) {
    const a = affineUint8(e.values, scales[0]);
    if (a) {
      return {
        spec: { name: e.name, shape: e.shape, dtype: 'float32', quantization: { dtype: 'uint8', scale: a.scale, min: a.min } },
        data: a.codes,
        info: { name: e.name, layer: q.layer, dtype: 'uint8', bytes: a.codes.length },
      };
    }
  }
  const why = !uniform ? `${q.scheme} levels are not an affine grid`
    : scales.length > 1 ? 'per-filter scales: tfjs stores one scale and min per tensor' : 'more than 256 levels';
  const half = encodeFloat16(e.values);
  return {
    spec: { name: e.name, shape: e.shape, dtype: 'float32', quantization: { dtype: 'float16' } },
    data: bytesOf(half),
    info: { name: e.name, layer: q.layer, dtype: 'float16', bytes: half.byteLength, note: `${why}; float16 holds the values exactly` },
  };
}

/** Weight names, shapes and float values of the model as stored (original weights). */
async function originalWeights(handle: TfjsHandle): Promise<{ artifacts: tf.io.ModelArtifacts; values: Map<string, Float32Array | Int32Array> }> {
  let artifacts: tf.io.ModelArtifacts;
  if (handle.format === 'layers-model') {
    let saved: tf.io.ModelArtifacts | null = null;
    await handle.model.save(tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    artifacts = saved!;
  } else {
    artifacts = (handle.model as unknown as { artifacts: tf.io.ModelArtifacts }).artifacts;
  }
  const map = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  const values = new Map<string, Float32Array | Int32Array>();
  for (const [name, t] of Object.entries(map)) {
    const d = t.dataSync();
    values.set(name, t.dtype === 'int32' ? Int32Array.from(d) : Float32Array.from(d));
    t.dispose();
  }
  return { artifacts, values };
}

/** The model's files with the plan's kernels (see module comment; the plan's activations are not written). */
export async function exportTfjsModel(handle: TfjsHandle, layers: readonly QuantLayer[], plan: QuantPlan, opts: ExportOptions = {}): Promise<ExportedModel> {
  if (opts.format !== undefined && opts.format !== 'tfjs') throw new Error(`tfjs models export as 'tfjs', not '${opts.format}'`);
  const edits = new Map(weightEdits(handle, layers, plan.weights).map((e) => [e.name, e]));
  const { artifacts, values } = await originalWeights(handle);
  const encoded: Encoded[] = [];
  for (const spec of artifacts.weightSpecs!) {
    const e = edits.get(spec.name);
    if (spec.dtype !== 'float32' && !e) {
      // int32 constants (shapes, axes) of graph models: kept as they were.
      const data = Int32Array.from(values.get(spec.name)!);
      encoded.push({ spec: { name: spec.name, shape: spec.shape, dtype: 'int32' }, data: bytesOf(data), info: { name: spec.name, layer: null, dtype: 'int32', bytes: data.byteLength } });
      continue;
    }
    if (e?.quantized) encoded.push(encodeKernel(e));
    else encoded.push(float32(spec.name, spec.shape, e ? e.values : (values.get(spec.name) as Float32Array), null));
  }
  // Round-trip through tfjs's own decoder: anything not bit-exact goes back to float32.
  const check = tf.io.decodeWeights(concat(encoded.map((x) => x.data)), encoded.map((x) => x.spec));
  encoded.forEach((x, i) => {
    const want = edits.get(x.spec.name)?.values ?? values.get(x.spec.name);
    const got = check[x.spec.name];
    if (want && x.spec.dtype === 'float32' && x.spec.quantization) {
      const g = got.dataSync() as Float32Array;
      let same = g.length === want.length;
      // ±0 count as equal: they multiply and add identically.
      for (let k = 0; same && k < g.length; k++) same = g[k] === want[k];
      const why = x.info.note ? `${x.info.note.split(';')[0]}; ` : '';
      if (!same) encoded[i] = float32(x.spec.name, x.spec.shape, want as Float32Array, x.info.layer, `${why}${x.spec.quantization.dtype} would not reproduce the values bit for bit`);
    }
  });
  Object.values(check).forEach((t) => t.dispose());
  const weightData = concat(encoded.map((x) => x.data));
  const manifest = [{ paths: [WEIGHT_FILE], weights: encoded.map((x) => x.spec) }];
  const json: Record<string, unknown> = {
    format: handle.format,
    generatedBy: artifacts.generatedBy ?? 'quantization-studio',
    convertedBy: opts.producedBy ?? 'quantization-studio',
    modelTopology: artifacts.modelTopology,
    weightsManifest: manifest,
    ...(artifacts.signature ? { signature: artifacts.signature } : {}),
    ...(artifacts.modelInitializer ? { modelInitializer: artifacts.modelInitializer } : {}),
    userDefinedMetadata: {
      ...(artifacts.userDefinedMetadata ?? {}),
      quantizationStudio: {
        ...(opts.metadata ?? {}),
        note: 'weights fake-quantized as in the config; activations are float in this file',
        storage: encoded.filter((x) => x.info.layer).map((x) => ({ layer: x.info.layer, dtype: x.info.dtype, ...(x.info.note ? { note: x.info.note } : {}) })),
      },
    },
  };
  const files = new Map<string, Uint8Array>([
    ['model.json', new TextEncoder().encode(JSON.stringify(json))],
    [WEIGHT_FILE, new Uint8Array(weightData)],
  ]);
  const floatWeightBytes = encoded.reduce((a, x) => a + x.spec.shape.reduce((p, d) => p * d, 1) * 4, 0);
  return { files, tensors: encoded.map((x) => x.info), weightBytes: weightData.byteLength, floatWeightBytes };
}

function concat(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out.buffer;
}

