/**
 * Loads a dropped tfjs model (model.json + weight shards, as a file map) into a
 * LayersModel or GraphModel. Used by the browser worker and the CLI alike.
 *
 * Everything is checked before tfjs sees it (safe JSON, manifest, shard sizes, finite
 * weights); every failure is a ModelLoadError with a one-line message naming the file.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { GraphModel } from '@tensorflow/tfjs-converter';
import { ModelLoadError, oneLine } from './errors';
import { listGraphModelLayers } from './graphLayers';
import { parseGraphTopology } from './graphTopology';
import { listLayersModelLayers } from './layers';
import { registerUnsupportedLayers } from './unsupportedLayers';
import {
  checkFiniteWeights, checkShardLengths, concatBytes, DEFAULT_MAX_WEIGHT_BYTES, elementCount,
  validateManifest, type ManifestGroup, type Shard, type WeightSpec,
} from './manifest';
import { isPlainObject, safeJsonParse } from './safeJson';
import type { LoadedModel, ModelFormat } from './types';

export { ModelLoadError } from './errors';

export interface LoadOptions {
  /** Display name; default: the folder holding model.json, else the topology's name. */
  name?: string;
  /** Refuse models whose decoded weights need more than this (default 2 GiB). */
  maxWeightBytes?: number;
}

function baseName(p: string): string {
  return p.split('/').pop() ?? p;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Picks model.json: the shallowest file named model.json, else the only .json file. */
export function findModelJson(files: Map<string, Uint8Array>): string {
  const keys = [...files.keys()];
  const named = keys.filter((k) => baseName(normalize(k)) === 'model.json');
  if (named.length > 0) return named.sort((a, b) => normalize(a).split('/').length - normalize(b).split('/').length)[0];
  const json = keys.filter((k) => k.toLowerCase().endsWith('.json'));
  if (json.length === 1) return json[0];
  throw new ModelLoadError(keys.length === 0 ? 'no files given: drop a model.json with its weight files'
    : `no model.json among the ${keys.length} files given (${keys.slice(0, 3).map(baseName).join(', ')}${keys.length > 3 ? ', …' : ''})`);
}

function findShard(files: Map<string, Uint8Array>, modelKey: string, path: string): Uint8Array | undefined {
  const dir = normalize(modelKey).split('/').slice(0, -1).join('/');
  const want = normalize(dir ? `${dir}/${path}` : path);
  const byNorm = new Map([...files.entries()].map(([k, v]) => [normalize(k), v]));
  const exact = byNorm.get(want) ?? byNorm.get(normalize(path));
  if (exact) return exact;
  const same = [...byNorm.entries()].filter(([k]) => baseName(k) === baseName(want));
  return same.length === 1 ? same[0][1] : undefined;
}

function detectFormat(json: Record<string, unknown>): ModelFormat {
  const topo = json.modelTopology;
  if (!isPlainObject(topo)) throw new ModelLoadError('model.json: no modelTopology object (is this a tfjs model.json?)', 'model.json');
  if (json.format === 'graph-model' || Array.isArray(topo.node)) return 'graph-model';
  if (json.format === 'layers-model' || 'class_name' in topo || 'model_config' in topo) return 'layers-model';
  throw new ModelLoadError(`model.json: unknown format '${String(json.format)}' (expected layers-model or graph-model)`, 'model.json');
}

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function topologyName(json: Record<string, unknown>): string | undefined {
  const topo = json.modelTopology as Record<string, unknown>;
  const cfg = (isPlainObject(topo.model_config) ? topo.model_config.config : topo.config) as unknown;
  return isPlainObject(cfg) && typeof cfg.name === 'string' ? cfg.name : undefined;
}

/** Reads shards, checks their sizes and values; returns the weight bytes in manifest order. */
function readWeights(files: Map<string, Uint8Array>, modelKey: string, groups: ManifestGroup[]): ArrayBuffer {
  const shardsByGroup: Shard[][] = groups.map((g) => g.paths.map((path) => {
    const bytes = findShard(files, modelKey, path);
    if (!bytes) throw new ModelLoadError(`${path}: weight file listed in model.json is missing`, path);
    return { path, bytes };
  }));
  checkShardLengths(groups, shardsByGroup);
  groups.forEach((g, i) => {
    const shards = shardsByGroup[i];
    checkFiniteWeights(g, new Uint8Array(concatBytes(shards.map((s) => s.bytes))), shards);
  });
  return concatBytes(shardsByGroup.flat().map((s) => s.bytes));
}

/**
 * tfjs-layers reports a weight of the wrong shape without naming it ("Layer weight shape
 * 1152,10 not compatible with provided weight shape 10,1152"); find the manifest entry
 * with the provided shape and name it.
 */
function nameShapeMismatch(message: string, specs: readonly WeightSpec[]): string {
  const m = /Layer weight shape (\S*) not compatible with provided weight shape (\S*)/.exec(message)
    ?? /Shape mismatch: \[([^\]]*)\] vs\. \[([^\]]*)\]/.exec(message);
  if (!m) return message;
  const [expected, provided] = [m[1].replace(/\s/g, ''), m[2].replace(/\s/g, '')];
  const suspects = specs.filter((s) => s.shape.join(',') === provided);
  const which = suspects.length === 1 ? `weight '${suspects[0].name}'` : suspects.length > 1
    ? `one of the weights ${suspects.map((s) => `'${s.name}'`).join(', ')}` : 'a weight';
  return `shape mismatch: ${which} has shape [${provided}] in weightsManifest, but its layer expects [${expected}]`;
}

/** Runs a tfjs call with its console chatter silenced; tfjs errors become ModelLoadErrors. */
async function quietly<T>(what: string, fn: () => Promise<T>, specs: readonly WeightSpec[] = []): Promise<T> {
  const { warn, log } = console;
  console.warn = () => {};
  console.log = () => {};
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ModelLoadError) throw e;
    const msg = oneLine((e as Error)?.message ?? String(e));
    throw new ModelLoadError(`model.json: ${what}: ${nameShapeMismatch(msg, specs)}`, 'model.json');
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

/** With non-strict loading (stand-ins present), every real weight must still come from the manifest. */
function checkAllWeightsGiven(model: tfl.LayersModel, specs: readonly WeightSpec[]): void {
  const given = new Set(specs.map((s) => s.name));
  for (const w of model.weights) {
    if (!given.has(w.originalName)) {
      throw new ModelLoadError(`model.json: weight '${w.originalName}' is missing from weightsManifest`, 'model.json');
    }
  }
}

function requireQuantizable(listed: { layers: unknown[]; skipped: { name: string; op: string }[] }): void {
  if (listed.layers.length > 0) return;
  const skipped = listed.skipped.length ? ` (skipped: ${listed.skipped.slice(0, 4).map((s) => `${s.name} ${s.op}`).join(', ')}${listed.skipped.length > 4 ? ', …' : ''})` : '';
  throw new ModelLoadError(`model.json: no quantizable layer found: the studio quantizes conv2d, depthwise conv and dense layers${skipped}`, 'model.json');
}

export async function loadModelFromFiles(files: Map<string, Uint8Array>, opts: LoadOptions = {}): Promise<LoadedModel> {
  const modelKey = findModelJson(files);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(files.get(modelKey));
  } catch {
    throw new ModelLoadError('model.json: not UTF-8 text', 'model.json');
  }
  if (text.trim() === '') throw new ModelLoadError('model.json: file is empty', 'model.json');
  let parsed;
  try {
    parsed = safeJsonParse(text);
  } catch (e) {
    throw new ModelLoadError(`model.json: invalid JSON (${oneLine((e as Error).message)})`, 'model.json');
  }
  const json = parsed.value;
  if (!isPlainObject(json)) throw new ModelLoadError('model.json: top level is not a JSON object', 'model.json');
  const format = detectFormat(json);
  const groups = validateManifest(json.weightsManifest, opts.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES);
  const topo = format === 'graph-model' ? parseGraphTopology(json.modelTopology) : null;
  const weightData = readWeights(files, modelKey, groups);
  const hash = await sha256Hex(weightData);
  const weightSpecs = groups.flatMap((g) => g.weights);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
    weightData,
    format: format,
    ...(isPlainObject(json.signature) ? { signature: json.signature } : {}),
    ...(isPlainObject(json.modelInitializer) ? { modelInitializer: json.modelInitializer } : {}),
    ...(isPlainObject(json.userDefinedMetadata) ? { userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'] } : {}),
  };
  const handler = tf.io.fromMemory(artifacts);
  const parameters = weightSpecs.filter((s) => s.dtype === 'float32').reduce((a, s) => a + elementCount(s.shape), 0);
  const dir = normalize(modelKey).split('/').slice(0, -1).pop();
  const name = opts.name ?? dir ?? topologyName(json) ?? 'model';

  if (format === 'layers-model') {
    const unsupported = registerUnsupportedLayers(json.modelTopology);
    const model = await quietly('tfjs could not build the LayersModel',
      () => tfl.loadLayersModel(handler, { strict: unsupported.size === 0 }), weightSpecs);
    if (unsupported.size > 0) checkAllWeightsGiven(model, weightSpecs);
    const listed = await quietly('could not read its layers', async () => listLayersModelLayers(model, unsupported));
    requireQuantizable(listed);
    const input = model.inputs[0];
    return {
      format, name, hash, parameters, ...listed, droppedKeys: parsed.dropped, model,
      inputShape: input.shape.slice(),
      outputs: model.outputs.map((o) => ({ name: o.name, shape: o.shape.slice() })),
      predict: (x) => model.predict(x) as tf.Tensor,
      dispose: () => model.dispose(),
    };
  }
  const model = new GraphModel(handler);
  await quietly('tfjs could not build the GraphModel', () => model.load().then(() => undefined));
  const listed = await quietly('could not read its nodes', async () => listGraphModelLayers(model, topo!));
  requireQuantizable(listed);
  const dims = (s: number[] | undefined) => (s ?? []).map((d) => (d < 0 ? null : d));
  return {
    format, name, hash, parameters, ...listed, droppedKeys: parsed.dropped, model,
    inputShape: dims(model.inputs[0]?.shape),
    outputs: model.outputs.map((o) => ({ name: o.name, shape: dims(o.shape) })),
    predict: (x) => model.predict(x) as tf.Tensor,
    dispose: () => model.dispose(),
  };
}
