/**
 * Restoring a config from untrusted JSON (a dropped file, a CLI argument): every known
 * field is read with its type checked, missing optional fields get their defaults, unknown
 * fields are dropped, and the result is a fresh StudioConfig that shares nothing with the
 * input. Cross-field rules (per-filter bit arrays, scale counts) are checked too.
 *
 * Defaults: weights {scheme 'fixed', bits 8, granularity 'per-tensor' ('per-filter' when bits
 * is an array); bits 1..16, or 32 for a layer left in float}, activations {scheme 'float', bits null}, method {name 'imported'},
 * inputBits (the network input's) 8, producers absent (the cost model reads a chain). The cost
 * figures of the summary (size, mean bits, BitOPs) and every layer's inputBits are always
 * recomputed with the one cost model (summary.ts costConfig): a file cannot carry a stale or
 * differently-counted figure into the studio. Measured figures (accuracy…) are read as given.
 *
 * Schema validation with ajv lives in src/model/configSchema.ts (src/quant stays free of
 * dependencies); this module is the part that runs everywhere.
 */
import {
  ACTIVATION_SCHEMES, WEIGHT_SCHEMES, type ActivationScheme, type ConfigSummary, type Granularity,
  type LayerConfig, type LayerKind, type LayerSweep, type SqnrJson, type StudioConfig, type WeightScheme,
} from '../types';
import { costConfig, DEFAULT_INPUT_BITS } from './summary';

export class ConfigError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const KINDS: readonly LayerKind[] = ['conv2d', 'depthwise', 'dense'];

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new ConfigError(path, 'expected an object');
  return v;
}
function str(v: unknown, path: string, def?: string): string {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'string' || v.length === 0) throw new ConfigError(path, 'expected a non-empty string');
  return v;
}
function num(v: unknown, path: string, opts: { int?: boolean; min?: number; max?: number } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (opts.int && !Number.isInteger(v))) {
    throw new ConfigError(path, `expected ${opts.int ? 'an integer' : 'a finite number'}, got ${JSON.stringify(v)}`);
  }
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw new ConfigError(path, `${v} is outside ${opts.min ?? '−∞'}..${opts.max ?? '∞'}`);
  }
  return v;
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string, def?: T): T {
  if (v === undefined && def !== undefined) return def;
  if (!allowed.includes(v as T)) throw new ConfigError(path, `unknown value ${JSON.stringify(v)} (expected ${allowed.join(', ')})`);
  return v as T;
}
function sqnr(v: unknown, path: string): SqnrJson {
  if (v === null || v === 'Infinity') return v;
  return num(v, path);
}
function optional<T>(v: unknown, read: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : read(v);
}

function bitsTable<V>(v: unknown, path: string, keys: readonly string[], cell: (x: unknown, p: string) => V): Partial<Record<string, Record<string, V>>> {
  const out: Record<string, Record<string, V>> = {};
  for (const [scheme, byBits] of Object.entries(obj(v, path))) {
    oneOf(scheme, keys, `${path}.${scheme}`);
    const row: Record<string, V> = {};
    for (const [bits, x] of Object.entries(obj(byBits, `${path}.${scheme}`))) {
      if (!/^([1-9]|1[0-6]|32)$/.test(bits)) throw new ConfigError(`${path}.${scheme}`, `bad bit-width key "${bits}"`);
      row[bits] = cell(x, `${path}.${scheme}.${bits}`);
    }
    out[scheme] = row;
  }
  return out;
}

function restoreSweep(v: unknown, path: string): LayerSweep {
  const s = obj(v, path);
  const list = (x: unknown, p: string) => {
    if (!Array.isArray(x)) throw new ConfigError(p, 'expected a list');
    return x.map((y, i) => sqnr(y, `${p}[${i}]`));
  };
  return {
    weights: bitsTable(s.weights ?? {}, `${path}.weights`, WEIGHT_SCHEMES, sqnr),
    weightsPerFilter: bitsTable(s.weightsPerFilter ?? {}, `${path}.weightsPerFilter`, WEIGHT_SCHEMES, list),
    ...(s.activations !== undefined ? { activations: bitsTable(s.activations, `${path}.activations`, ACTIVATION_SCHEMES, sqnr) } : {}),
  };
}

/** Weight bit-width: an integer 1..16, or 32 = left in float32. */
function weightBits(v: unknown, path: string): number {
  return v === 32 ? 32 : num(v, path, { int: true, min: 1, max: 16 });
}

function restoreProducers(v: unknown, path: string): number[] {
  if (!Array.isArray(v)) throw new ConfigError(path, 'expected a list of layer indices (−1 = the network input)');
  return v.map((p, i) => num(p, `${path}[${i}]`, { int: true, min: -1 }));
}

function restoreLayer(v: unknown, path: string): LayerConfig {
  const l = obj(v, path);
  const weightShape = l.weightShape;
  if (!Array.isArray(weightShape) || weightShape.length === 0) throw new ConfigError(`${path}.weightShape`, 'expected a list of dimensions');
  const w = obj(l.weights ?? {}, `${path}.weights`);
  const rawBits = w.bits ?? 8;
  const bits = Array.isArray(rawBits)
    ? rawBits.map((b, i) => weightBits(b, `${path}.weights.bits[${i}]`))
    : weightBits(rawBits, `${path}.weights.bits`);
  const granularity = oneOf<Granularity>(w.granularity, ['per-tensor', 'per-filter'], `${path}.weights.granularity`,
    Array.isArray(bits) ? 'per-filter' : 'per-tensor');
  const a = obj(l.activations ?? { scheme: 'float', bits: null }, `${path}.activations`);
  const aScheme = oneOf<ActivationScheme | 'float'>(a.scheme, [...ACTIVATION_SCHEMES, 'float'], `${path}.activations.scheme`, 'float');
  const aBits = aScheme === 'float' ? null : num(a.bits ?? 8, `${path}.activations.bits`, { int: true, min: 2, max: 16 });
  const layer: LayerConfig = {
    name: str(l.name, `${path}.name`),
    kind: oneOf(l.kind, KINDS, `${path}.kind`),
    weightShape: weightShape.map((d, i) => num(d, `${path}.weightShape[${i}]`, { int: true, min: 0 })),
    filters: num(l.filters, `${path}.filters`, { int: true, min: 1 }),
    params: num(l.params, `${path}.params`, { int: true, min: 0 }),
    macs: num(l.macs ?? 0, `${path}.macs`, { min: 0 }),
    ...(l.producers !== undefined ? { producers: restoreProducers(l.producers, `${path}.producers`) } : {}),
    weights: {
      scheme: oneOf<WeightScheme>(w.scheme, WEIGHT_SCHEMES, `${path}.weights.scheme`, 'fixed'),
      bits, granularity,
      ...(w.scales !== undefined ? { scales: (Array.isArray(w.scales) ? w.scales : [w.scales]).map((s, i) => num(s, `${path}.weights.scales[${i}]`, { min: 0 })) } : {}),
    },
    activations: {
      scheme: aScheme, bits: aBits,
      ...(typeof a.signed === 'boolean' ? { signed: a.signed } : {}),
      ...(a.scale !== undefined ? { scale: num(a.scale, `${path}.activations.scale`, { min: 0 }) } : {}),
    },
  };
  if (l.sqnr !== undefined) {
    const s = obj(l.sqnr, `${path}.sqnr`);
    layer.sqnr = {
      ...(s.weightsDb !== undefined ? { weightsDb: sqnr(s.weightsDb, `${path}.sqnr.weightsDb`) } : {}),
      ...(s.activationsDb !== undefined ? { activationsDb: sqnr(s.activationsDb, `${path}.sqnr.activationsDb`) } : {}),
    };
  }
  if (l.importance !== undefined) {
    if (!Array.isArray(l.importance)) throw new ConfigError(`${path}.importance`, 'expected a list');
    layer.importance = l.importance.map((x, i) => num(x, `${path}.importance[${i}]`));
  }
  if (l.sweep !== undefined) layer.sweep = restoreSweep(l.sweep, `${path}.sweep`);
  return layer;
}

/** Cross-field problems of a (structurally valid) config; empty when consistent. */
export function checkConfigSemantics(config: StudioConfig): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  config.layers.forEach((l, i) => {
    const p = `layers[${i}] (${l.name})`;
    if (names.has(l.name)) problems.push(`${p}: layer name used twice`);
    names.add(l.name);
    const count = l.weightShape.reduce((a, b) => a * b, 1);
    if (count !== l.params) problems.push(`${p}: params ${l.params} ≠ product of weightShape ${count}`);
    if (l.params % l.filters !== 0) problems.push(`${p}: ${l.params} weights do not split into ${l.filters} filters`);
    const { bits, granularity, scales } = l.weights;
    if (Array.isArray(bits)) {
      if (granularity !== 'per-filter') problems.push(`${p}: a bit-width per filter needs granularity per-filter`);
      if (bits.length !== l.filters) problems.push(`${p}: ${bits.length} per-filter bit-widths for ${l.filters} filters`);
    }
    if (scales && scales.length !== (granularity === 'per-filter' ? l.filters : 1)) {
      problems.push(`${p}: ${scales.length} scales for granularity ${granularity} (${granularity === 'per-filter' ? l.filters : 1} expected)`);
    }
    for (const q of l.producers ?? []) {
      if (q >= config.layers.length) problems.push(`${p}: producer ${q} is not a layer index (${config.layers.length} layers)`);
    }
    for (const [scheme, row] of Object.entries(l.sweep?.weightsPerFilter ?? {})) {
      for (const [b, list] of Object.entries(row ?? {})) {
        if (list.length !== l.filters) problems.push(`${p}: sweep.weightsPerFilter.${scheme}.${b} has ${list.length} entries for ${l.filters} filters`);
      }
    }
  });
  return problems;
}

/** Reads an untrusted config; throws ConfigError naming the first bad field. */
export function restoreConfig(raw: unknown): StudioConfig {
  const c = obj(raw, 'config');
  if (c.format !== 'quantization-studio/config') throw new ConfigError('format', `expected "quantization-studio/config", got ${JSON.stringify(c.format)}`);
  if (c.version !== 1) throw new ConfigError('version', `unsupported version ${JSON.stringify(c.version)} (this studio reads version 1)`);
  const m = obj(c.model, 'model');
  const hash = str(m.hash, 'model.hash');
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new ConfigError('model.hash', 'expected 64 lowercase hex digits (SHA-256)');
  if (!Array.isArray(c.layers)) throw new ConfigError('layers', 'expected a list');
  const layers = c.layers.map((l, i) => restoreLayer(l, `layers[${i}]`));
  let data: StudioConfig['data'];
  if (c.data !== undefined) {
    const d = obj(c.data, 'data');
    data = {
      source: typeof d.source === 'string' ? d.source : 'unknown',
      ...(d.calibration !== undefined ? { calibration: num(d.calibration, 'data.calibration', { int: true, min: 0 }) } : {}),
      ...(typeof d.note === 'string' ? { note: d.note } : {}),
    };
  }
  const meth = obj(c.method ?? { name: 'imported' }, 'method');
  const config: StudioConfig = {
    format: 'quantization-studio/config',
    version: 1,
    model: {
      name: str(m.name, 'model.name'), hash,
      format: oneOf(m.format, ['layers-model', 'graph-model', 'onnx'] as const, 'model.format'),
      parameters: num(m.parameters, 'model.parameters', { int: true, min: 0 }),
    },
    method: {
      name: str(meth.name, 'method.name', 'imported'),
      ...(meth.budget === null || typeof meth.budget === 'number' ? { budget: meth.budget === null ? null : num(meth.budget, 'method.budget') } : {}),
      ...(isObj(meth.settings) ? { settings: JSON.parse(JSON.stringify(meth.settings)) as Record<string, unknown> } : {}),
    },
    inputBits: c.inputBits === undefined ? DEFAULT_INPUT_BITS
      : c.inputBits === 32 ? 32 : num(c.inputBits, 'inputBits', { int: true, min: 1, max: 16 }),
    ...(data ? { data } : {}),
    layers,
    summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  };
  const problems = checkConfigSemantics(config);
  if (problems.length > 0) throw new ConfigError('layers', problems[0]);
  config.summary = restoreSummary(c.summary);
  return costConfig(config);
}

/** The measured figures of a summary; the cost figures are left to costConfig. */
function restoreSummary(v: unknown): ConfigSummary {
  const out: ConfigSummary = { averageWeightBits: 0, sizeBytes: 0, bitops: 0 };
  if (v === undefined) return out;
  const s = obj(v, 'summary');
  const ratio = (x: unknown, p: string) => (x === null ? null : num(x, p, { min: 0, max: 1 }));
  for (const k of ['averageWeightBits', 'sizeBytes', 'bitops', 'floatSizeBytes', 'floatBitops'] as const) {
    if (s[k] !== undefined) num(s[k], `summary.${k}`, { min: 0 }); // type-checked, then recomputed
  }
  const acc = optional(s.accuracy, (x) => ratio(x, 'summary.accuracy'));
  if (acc !== undefined) out.accuracy = acc;
  const wacc = optional(s.weightOnlyAccuracy, (x) => ratio(x, 'summary.weightOnlyAccuracy'));
  if (wacc !== undefined) out.weightOnlyAccuracy = wacc;
  const agr = optional(s.agreement, (x) => ratio(x, 'summary.agreement'));
  if (agr !== undefined) out.agreement = agr;
  if (s.outputSqnrDb !== undefined) out.outputSqnrDb = sqnr(s.outputSqnrDb, 'summary.outputSqnrDb');
  if (typeof s.evaluatedOn === 'string') out.evaluatedOn = s.evaluatedOn;
  return out;
}
