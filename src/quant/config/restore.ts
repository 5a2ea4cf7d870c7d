/**
 * The one validator of configs. Every way a config comes in goes through `restoreConfig`
 * (or `validateConfig`, its non-throwing form): a dropped file (the worker), the session
 * restored from IndexedDB (the page), the CLI, and the configs the CLI and the worker write
 * (checked before they leave). Every known field is read with its type checked, missing
 * optional fields get their defaults, unknown fields are dropped, and the result is a fresh
 * StudioConfig that shares nothing with the input. Cross-field rules (per-filter bit arrays,
 * scale counts) are checked too. The first problem is reported as one line naming the field.
 *
 * Defaults: weights {scheme 'fixed', bits 8, granularity 'per-tensor' ('per-filter' when bits
 * is an array)}, activations {scheme 'float', bits null}, method {name 'imported'}, inputBits
 * (the network input's) 8, producers absent (the cost model reads a chain). Bit ranges come
 * from bits.ts. The cost figures of the summary (size, mean bits, BitOPs) and every layer's
 * inputBits are always recomputed with the one cost model (summary.ts costConfig): a file
 * cannot carry a stale or differently-counted figure into the studio. Measured figures
 * (accuracy…) are read as given.
 *
 * docs/config.schema.json is generated from the same constants (schema.ts) and tested to
 * agree with this validator; it is documentation, never loaded at run time.
 */
import { FLOAT_BITS, QUANT_BITS, isWeightBits } from '../bits';
import {
  ACTIVATION_SCHEMES, MODEL_FORMATS, WEIGHT_SCHEMES, type ActivationScheme, type ConfigSummary, type Granularity,
  type LayerConfig, type LayerKind, type StudioConfig, type WeightScheme,
} from '../types';
import { bool, ConfigError, list, num, obj, oneOf, orDefault, sqnr, str, text } from './read';
import { costConfig, DEFAULT_INPUT_BITS } from './summary';
import { restoreSweep } from './sweepCodec';
import { ACTIVATION_CALIBRATIONS } from '../calibration';

export { ConfigError } from './read';

const KINDS: readonly LayerKind[] = ['conv2d', 'depthwise', 'dense'];

/** A weight or input bit-width: a quantizer width (bits.ts), or FLOAT_BITS = float32. */
function bitsOrFloat(v: unknown, path: string): number {
  if (isWeightBits(v)) return v;
  throw new ConfigError(path, `expected an integer ${QUANT_BITS.min}..${QUANT_BITS.max}, or ${FLOAT_BITS} for float, got ${JSON.stringify(v)}`);
}

function restoreProducers(v: unknown, path: string): number[] {
  return list(v, path).map((p, i) => num(p, `${path}[${i}]`, { int: true, min: -1 }));
}

function restoreLayer(v: unknown, path: string): LayerConfig {
  const l = obj(v, path);
  const weightShape = l.weightShape;
  if (!Array.isArray(weightShape) || weightShape.length === 0) throw new ConfigError(`${path}.weightShape`, 'expected a list of dimensions');
  const w = obj(orDefault(l.weights, {}), `${path}.weights`);
  const rawBits = orDefault(w.bits, 8);
  const bits = Array.isArray(rawBits)
    ? rawBits.map((b, i) => bitsOrFloat(b, `${path}.weights.bits[${i}]`))
    : bitsOrFloat(rawBits, `${path}.weights.bits`);
  const granularity = oneOf<Granularity>(w.granularity, ['per-tensor', 'per-filter'], `${path}.weights.granularity`,
    Array.isArray(bits) ? 'per-filter' : 'per-tensor');
  const a = obj(orDefault(l.activations, { scheme: 'float', bits: null }), `${path}.activations`);
  const aScheme = oneOf<ActivationScheme | 'float'>(a.scheme, [...ACTIVATION_SCHEMES, 'float'], `${path}.activations.scheme`, 'float');
  if (aScheme === 'float' && a.bits !== undefined && a.bits !== null) {
    throw new ConfigError(`${path}.activations.bits`, `expected null for float activations, got ${JSON.stringify(a.bits)}`);
  }
  const aBits = aScheme === 'float' ? null : num(a.bits === undefined || a.bits === null ? 8 : a.bits, `${path}.activations.bits`, { int: true, min: QUANT_BITS.min, max: QUANT_BITS.max });
  const layer: LayerConfig = {
    name: str(l.name, `${path}.name`),
    kind: oneOf(l.kind, KINDS, `${path}.kind`),
    weightShape: weightShape.map((d, i) => num(d, `${path}.weightShape[${i}]`, { int: true, min: 0 })),
    filters: num(l.filters, `${path}.filters`, { int: true, min: 1 }),
    params: num(l.params, `${path}.params`, { int: true, min: 0 }),
    macs: num(orDefault(l.macs, 0), `${path}.macs`, { min: 0 }),
    ...(l.producers !== undefined ? { producers: restoreProducers(l.producers, `${path}.producers`) } : {}),
    weights: {
      scheme: oneOf<WeightScheme>(w.scheme, WEIGHT_SCHEMES, `${path}.weights.scheme`, 'fixed'),
      bits, granularity,
      ...(w.scales !== undefined ? { scales: list(w.scales, `${path}.weights.scales`).map((s, i) => num(s, `${path}.weights.scales[${i}]`, { min: 0 })) } : {}),
    },
    activations: {
      scheme: aScheme, bits: aBits,
      ...(a.signed !== undefined ? { signed: bool(a.signed, `${path}.activations.signed`) } : {}),
      ...(a.scale !== undefined ? { scale: num(a.scale, `${path}.activations.scale`, { min: 0 }) } : {}),
      ...(a.calibration !== undefined ? { calibration: oneOf(a.calibration, ACTIVATION_CALIBRATIONS, `${path}.activations.calibration`) } : {}),
    },
  };
  if (l.sqnr !== undefined) {
    const s = obj(l.sqnr, `${path}.sqnr`);
    layer.sqnr = {
      ...(s.weightsDb !== undefined ? { weightsDb: sqnr(s.weightsDb, `${path}.sqnr.weightsDb`) } : {}),
      ...(s.activationsDb !== undefined ? { activationsDb: sqnr(s.activationsDb, `${path}.sqnr.activationsDb`) } : {}),
    };
  }
  if (l.importance !== undefined) layer.importance = list(l.importance, `${path}.importance`).map((x, i) => num(x, `${path}.importance[${i}]`));
  if (l.sweep !== undefined) layer.sweep = restoreSweep(l.sweep, `${path}.sweep`);
  if (l.inputBits !== undefined) bitsOrFloat(l.inputBits, `${path}.inputBits`); // type-checked, then recomputed by costConfig
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
  const layers = list(c.layers, 'layers').map((l, i) => restoreLayer(l, `layers[${i}]`));
  let data: StudioConfig['data'];
  if (c.data !== undefined) {
    const d = obj(c.data, 'data');
    data = {
      source: d.source === undefined ? 'unknown' : text(d.source, 'data.source'),
      ...(d.calibration !== undefined ? { calibration: num(d.calibration, 'data.calibration', { int: true, min: 0 }) } : {}),
      ...(d.note !== undefined ? { note: text(d.note, 'data.note') } : {}),
    };
  }
  const meth = obj(orDefault(c.method, { name: 'imported' }), 'method');
  const config: StudioConfig = {
    format: 'quantization-studio/config',
    version: 1,
    model: {
      name: str(m.name, 'model.name'), hash,
      format: oneOf(m.format, MODEL_FORMATS, 'model.format'),
      parameters: num(m.parameters, 'model.parameters', { int: true, min: 0 }),
    },
    method: {
      name: str(meth.name, 'method.name', 'imported'),
      ...(meth.budget !== undefined ? { budget: meth.budget === null ? null : num(meth.budget, 'method.budget') } : {}),
      ...(meth.settings !== undefined ? { settings: JSON.parse(JSON.stringify(obj(meth.settings, 'method.settings'))) as Record<string, unknown> } : {}),
    },
    inputBits: c.inputBits === undefined ? DEFAULT_INPUT_BITS : bitsOrFloat(c.inputBits, 'inputBits'),
    ...(data ? { data } : {}),
    layers,
    summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  };
  const problems = checkConfigSemantics(config);
  if (problems.length > 0) throw new ConfigError('layers', problems[0]);
  config.summary = restoreSummary(c.summary);
  return costConfig(config);
}

/** Cost figures: type-checked when present, then recomputed by costConfig (the one cost model). */
const COST_FIGURES = ['averageWeightBits', 'sizeBytes', 'bitops', 'floatSizeBytes', 'floatBitops'] as const;
/** Fractions in 0..1 (or null: not measurable), filled by evaluation and read as given. */
const RATIOS = ['accuracy', 'floatAccuracy', 'weightOnlyAccuracy', 'agreement'] as const;

/** The measured figures of a summary; the cost figures are left to costConfig. */
function restoreSummary(v: unknown): ConfigSummary {
  const out: ConfigSummary = { averageWeightBits: 0, sizeBytes: 0, bitops: 0 };
  if (v === undefined) return out;
  const s = obj(v, 'summary');
  for (const k of COST_FIGURES) {
    if (s[k] !== undefined) num(s[k], `summary.${k}`, { min: 0, ...(k === 'averageWeightBits' ? { max: FLOAT_BITS } : {}) });
  }
  for (const k of RATIOS) {
    if (s[k] !== undefined) out[k] = s[k] === null ? null : num(s[k], `summary.${k}`, { min: 0, max: 1 });
  }
  if (s.outputSqnrDb !== undefined) out.outputSqnrDb = sqnr(s.outputSqnrDb, 'summary.outputSqnrDb');
  if (s.outputCosine !== undefined) out.outputCosine = s.outputCosine === null ? null : num(s.outputCosine, 'summary.outputCosine', { min: -1, max: 1 });
  if (s.evaluatedOn !== undefined) out.evaluatedOn = text(s.evaluatedOn, 'summary.evaluatedOn');
  return out;
}

export type ConfigValidation = { ok: true; config: StudioConfig } | { ok: false; errors: string[] };

/** restoreConfig without the throw: the form the worker's API and the CLI's writer use. */
export function validateConfig(raw: unknown): ConfigValidation {
  try {
    return { ok: true, config: restoreConfig(raw) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, errors: [e.message] };
    throw e;
  }
}
