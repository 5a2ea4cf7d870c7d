/**
 * The tfjs-free half of model loading: finds model.json, parses it safely, validates the
 * manifest (dtypes, shapes, memory), the graph node list, the shard files (present, exact
 * lengths) and the weight values (finite), and hashes the weight bytes. Everything a user
 * can get wrong in the files is caught here, before tfjs is even imported (the CLI answers
 * a broken model without paying tfjs's start-up); load.ts builds the tfjs model from it.
 */
import { ModelLoadError, oneLine } from './errors';
import { parseGraphTopology, type GraphTopology } from './graphTopology';
import {
  checkFiniteWeights, checkShardLengths, concatBytes, concatView, DEFAULT_MAX_WEIGHT_BYTES, elementCount,
  validateManifest, type ManifestGroup, type Shard, type WeightSpec,
} from './manifest';
import { isPlainObject, safeJsonParse } from './safeJson';
import { sha256Hex } from './sha256';
import type { ModelFormat } from './types';

export { ModelLoadError } from './errors';

export interface LoadOptions {
  /** Display name; default: see modelName (folder, archive, file name, topology name). */
  name?: string;
  /** The archive (path of a dropped .zip) the files were unpacked from, to name the model after. */
  archive?: string;
  /** Refuse models whose decoded weights need more than this (default 2 GiB). */
  maxWeightBytes?: number;
  /**
   * Hex SHA-256 of the weight bytes (default: WebCrypto's digest, which copies its input).
   * The CLI passes Node's streaming hash, which reads the bytes in place.
   */
  sha256?: (bytes: Uint8Array) => string | Promise<string>;
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
export function findModelJson(files: { keys(): Iterable<string> }): string {
  const keys = [...files.keys()];
  const named = keys.filter((k) => baseName(normalize(k)) === 'model.json');
  if (named.length > 0) return named.sort((a, b) => normalize(a).split('/').length - normalize(b).split('/').length)[0];
  const json = keys.filter((k) => k.toLowerCase().endsWith('.json'));
  if (json.length === 1) return json[0];
  throw new ModelLoadError(keys.length === 0 ? 'no files given: drop a model.json with its weight files'
    : `no model.json among the ${keys.length} files given (${keys.slice(0, 3).map(baseName).join(', ')}${keys.length > 3 ? ', …' : ''})`);
}

/**
 * The key of the file a manifest path names: the path relative to model.json's folder,
 * else the path as given, else the only file with that base name.
 */
export function findShardKey(keys: Iterable<string>, modelKey: string, path: string): string | undefined {
  const dir = normalize(modelKey).split('/').slice(0, -1).join('/');
  const want = normalize(dir ? `${dir}/${path}` : path);
  const byNorm = new Map([...keys].map((k) => [normalize(k), k]));
  const exact = byNorm.get(want) ?? byNorm.get(normalize(path));
  if (exact !== undefined) return exact;
  const same = [...byNorm.entries()].filter(([k]) => baseName(k) === baseName(want));
  return same.length === 1 ? same[0][1] : undefined;
}

/**
 * The weight file paths model.json's manifest lists, in manifest order, each once (strings
 * only); [] when it does not parse (prepareModelFiles then reports the JSON error with its
 * position). Readers use it to read just the listed shards, in order, into one buffer.
 */
export function listedShardPaths(modelJson: Uint8Array): string[] {
  let manifest: unknown;
  try {
    const v = safeJsonParse(new TextDecoder().decode(modelJson)).value;
    manifest = isPlainObject(v) ? v.weightsManifest : undefined;
  } catch {
    return [];
  }
  const out: string[] = [];
  if (!Array.isArray(manifest)) return out;
  for (const group of manifest) {
    const paths = isPlainObject(group) && Array.isArray(group.paths) ? group.paths : [];
    for (const p of paths) if (typeof p === 'string' && !out.includes(p)) out.push(p);
  }
  return out;
}

function findShard(files: Map<string, Uint8Array>, modelKey: string, path: string): Uint8Array | undefined {
  const key = findShardKey(files.keys(), modelKey, path);
  return key === undefined ? undefined : files.get(key);
}

function detectFormat(json: Record<string, unknown>): ModelFormat {
  const topo = json.modelTopology;
  if (!isPlainObject(topo)) throw new ModelLoadError('model.json: no modelTopology object (is this a tfjs model.json?)', 'model.json');
  if (json.format === 'graph-model' || Array.isArray(topo.node)) return 'graph-model';
  if (json.format === 'layers-model' || 'class_name' in topo || 'model_config' in topo) return 'layers-model';
  throw new ModelLoadError(`model.json: unknown format '${String(json.format)}' (expected layers-model or graph-model)`, 'model.json');
}

/**
 * What to call a dropped model, as a user would: the folder holding model.json, else the
 * archive it came in (`movenet.zip` → "movenet"), else its JSON file's own name when that is
 * not model.json (`pose.json` → "pose"), else the name inside the topology, else "model".
 */
export function modelName(modelKey: string, json: Record<string, unknown>, archive?: string): string {
  const parts = normalize(modelKey).split('/');
  const dir = parts.slice(0, -1).pop();
  const stem = (p: string | undefined) => p?.split('/').pop()?.replace(/\.(zip|json)$/i, '') || undefined;
  const jsonStem = stem(parts[parts.length - 1]);
  return dir ?? stem(archive) ?? (jsonStem !== 'model' ? jsonStem : undefined) ?? topologyName(json) ?? 'model';
}

function topologyName(json: Record<string, unknown>): string | undefined {
  const topo = json.modelTopology as Record<string, unknown>;
  const cfg = (isPlainObject(topo.model_config) ? topo.model_config.config : topo.config) as unknown;
  return isPlainObject(cfg) && typeof cfg.name === 'string' ? cfg.name : undefined;
}

/**
 * Reads shards, checks their sizes and values; returns the weight bytes in manifest order
 * (the shards' own buffer, uncopied, when they lie back to back in one: see concatBytes).
 */
function readWeights(files: Map<string, Uint8Array>, modelKey: string, groups: ManifestGroup[]): ArrayBuffer {
  const shardsByGroup: Shard[][] = groups.map((g) => g.paths.map((path) => {
    const bytes = findShard(files, modelKey, path);
    if (!bytes) throw new ModelLoadError(`${path}: weight file listed in model.json is missing`, path);
    return { path, bytes };
  }));
  checkShardLengths(groups, shardsByGroup);
  groups.forEach((g, i) => {
    const shards = shardsByGroup[i];
    checkFiniteWeights(g, concatView(shards.map((s) => s.bytes)), shards);
  });
  return concatBytes(shardsByGroup.flat().map((s) => s.bytes));
}

/** A model whose files passed every check, ready for tfjs. */
export interface PreparedModel {
  format: ModelFormat;
  name: string;
  /** Hex SHA-256 of the weight bytes in manifest order. */
  hash: string;
  /** model.json, parsed, with prototype-reaching keys removed. */
  json: Record<string, unknown>;
  droppedKeys: string[];
  weightSpecs: WeightSpec[];
  /**
   * All shards concatenated in manifest order. May be the buffer the shard views of the
   * file map lie in (no copy, see concatBytes): read it, never write to it.
   */
  weightData: ArrayBuffer;
  /** Float weights in the manifest. */
  parameters: number;
  /** The validated node list (graph models only). */
  topology: GraphTopology | null;
}

export async function prepareModelFiles(files: Map<string, Uint8Array>, opts: LoadOptions = {}): Promise<PreparedModel> {
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
  const topology = format === 'graph-model' ? parseGraphTopology(json.modelTopology) : null;
  const weightData = readWeights(files, modelKey, groups);
  const hash = await (opts.sha256 ?? sha256Hex)(new Uint8Array(weightData));
  const weightSpecs = groups.flatMap((g) => g.weights);
  const parameters = weightSpecs.filter((s) => s.dtype === 'float32').reduce((a, s) => a + elementCount(s.shape), 0);
  const name = opts.name ?? modelName(modelKey, json, opts.archive);
  return { format, name, hash, json, droppedKeys: parsed.dropped, weightSpecs, weightData, parameters, topology };
}
