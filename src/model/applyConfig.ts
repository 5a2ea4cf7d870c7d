/**
 * The weight half of a config's QuantPlan (src/model/runtime/types.ts), runtime-agnostic:
 * every layer's (batch-norm folded) kernel fake-quantized with the registry quantizers
 * (src/quant, pure TS, exact). The runtime writes these values where its model keeps the
 * kernel (src/model/tfjs/weightEdits.ts for tfjs); a layer whose weights are float (bits ≥
 * 32) is left out of the plan and keeps its original weights, BN included, so the all-float
 * config runs the original model bit for bit.
 */
import { fakeQuantize, type QuantParams } from '../quant/registry';
import { sqnrDb } from '../quant/sqnr';
import type { Granularity, LayerConfig, SqnrDb, StudioConfig, WeightScheme } from '../quant/types';
import type { LoadedModel, QuantLayer, WeightSubstitution } from './runtime/types';

/** Bits at or above this mean "float: leave the weights alone". */
const FLOAT_WEIGHT_BITS = 32;

interface LayerWeightOutcome {
  sqnrDb: SqnrDb;
  /** One scale per tensor or per filter. */
  scales: number[];
}

interface WeightPlan {
  /** QuantPlan.weights. */
  weights: WeightSubstitution[];
  layers: Map<string, LayerWeightOutcome>;
}

/** Matches config layers to the model's quantizable layers by name. */
export function matchLayers(loaded: Pick<LoadedModel, 'name' | 'layers'>, config: StudioConfig): { layer: QuantLayer; cfg: LayerConfig }[] {
  const byName = new Map(config.layers.map((l) => [l.name, l]));
  const known = new Set(loaded.layers.map((l) => l.name));
  for (const l of config.layers) {
    if (!known.has(l.name)) throw new Error(`config layer '${l.name}' is not a quantizable layer of model '${loaded.name}'`);
  }
  return loaded.layers.filter((l) => byName.has(l.name)).map((layer) => ({ layer, cfg: byName.get(layer.name)! }));
}

function isFloatBits(bits: number | number[]): boolean {
  return typeof bits === 'number' && bits >= FLOAT_WEIGHT_BITS;
}

/** NLQ's shared unit, recorded by the nlq method in its settings (default 1). */
function nlqUnitOf(config: StudioConfig): number | undefined {
  const u = config.method.settings?.unitScale;
  return typeof u === 'number' && u > 0 && Number.isFinite(u) ? u : undefined;
}

// --- the fake-quantized kernels, cached per layer and decision --------------------------

interface Quantized { values: Float32Array; params: QuantParams[] }
const cache = new WeakMap<QuantLayer, Map<string, Quantized>>();
const MAX_CACHED_FLOATS = 1 << 25;
let cachedFloats = 0;

function cachedQuantize(layer: QuantLayer, scheme: WeightScheme, bits: number, granularity: Granularity, unit?: number): Quantized {
  let m = cache.get(layer);
  if (!m) cache.set(layer, (m = new Map()));
  const key = `${scheme}|${granularity}|${bits}|${unit ?? ''}`;
  let q = m.get(key);
  if (!q) {
    q = fakeQuantize(layer.weights, scheme, bits, { granularity, filters: layer.filters, unitScale: unit });
    if (cachedFloats + q.values.length > MAX_CACHED_FLOATS) return q;
    cachedFloats += q.values.length;
    m.set(key, q);
  }
  return q;
}

/**
 * Fake-quantized kernel of one layer. Per-filter bit arrays are assembled filter by filter
 * from the uniform per-filter results (each filter's calibration depends only on its own
 * values and bits, and signedness is decided once per tensor), which equals
 * fakeQuantize(w, scheme, bitsArray, per-filter) and makes bit searches cheap.
 */
function quantizeKernel(layer: QuantLayer, scheme: WeightScheme, bits: number | number[], granularity: Granularity, unit?: number): Quantized {
  if (typeof bits === 'number') return cachedQuantize(layer, scheme, bits, granularity, unit);
  if (granularity !== 'per-filter') throw new Error(`layer '${layer.name}': a bit-width per filter needs per-filter granularity`);
  if (bits.length !== layer.filters) throw new Error(`layer '${layer.name}': ${bits.length} bit-widths for ${layer.filters} filters`);
  const distinct = [...new Set(bits)];
  if (distinct.length === 1) return cachedQuantize(layer, scheme, distinct[0], granularity, unit);
  const per = new Map(distinct.map((b) => [b, cachedQuantize(layer, scheme, b, granularity, unit)]));
  const values = new Float32Array(layer.weights.length);
  const F = layer.filters;
  for (let i = 0; i < values.length; i++) values[i] = per.get(bits[i % F])!.values[i];
  return { values, params: bits.map((b, f) => per.get(b)!.params[f]) };
}

/**
 * The weight half of a config's QuantPlan: every quantized layer's fake-quantized kernel
 * (canonical layout) with the parameters it was made with, and each one's SQNR and scales.
 * Layers at float bits are left out, so the runtime keeps their original weights.
 */
export function planWeights(loaded: Pick<LoadedModel, 'name' | 'layers'>, config: StudioConfig): WeightPlan {
  const unit = nlqUnitOf(config);
  const weights: WeightSubstitution[] = [];
  const layers = new Map<string, LayerWeightOutcome>();
  for (const { layer, cfg } of matchLayers(loaded, config)) {
    const w = cfg.weights;
    if (isFloatBits(w.bits)) continue;
    const q = quantizeKernel(layer, w.scheme, w.bits, w.granularity, w.scheme === 'nlq' ? unit : undefined);
    layers.set(layer.name, { sqnrDb: sqnrDb(layer.weights, q.values), scales: q.params.map((p) => p.scale) });
    weights.push({ layer: layer.name, values: q.values, scheme: w.scheme, granularity: w.granularity, bits: w.bits, params: q.params });
  }
  return { weights, layers };
}
