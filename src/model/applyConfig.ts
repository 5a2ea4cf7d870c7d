/**
 * Applying a StudioConfig's weight decisions to a loaded model: fake-quantize every layer's
 * (batch-norm folded) kernel with the registry quantizers (src/quant, pure TS, exact), and
 * write the result into the tfjs model so that ordinary inference runs the quantized model.
 *
 * Batch norm. The analysis quantizes *folded* kernels (w' = w·γ/√(σ²+ε), fold.ts) — the
 * weights an accelerator would hold — so evaluation applies exactly those: the layer's
 * kernel becomes Q(w'), its own bias 0, and the folded BN becomes the pure bias add
 * y + b' (γ = 1, β = b' — or μ = −b' when the BN has no β —, μ = 0, σ² = 1 − ε). The BN
 * layer stays in the graph, so the edited model is still a stock tfjs model (export.ts
 * writes these same numbers). A layer whose weights are float (bits ≥ 32) is left
 * untouched, BN included: the all-float config runs the original model bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { fakeQuantize, type QuantParams } from '../quant/registry';
import { sqnrDb } from '../quant/sqnr';
import type { Granularity, LayerConfig, SqnrDb, StudioConfig, WeightScheme } from '../quant/types';
import { graphLayerConsts, transpose2d } from './applyConfigGraph';
import type { LoadedModel, QuantLayer } from './types';

/** Bits at or above this mean "float: leave the weights alone". */
export const FLOAT_WEIGHT_BITS = 32;

export interface WeightEdit {
  /** Manifest name: LayersModel variable originalName, or GraphModel Const node name. */
  name: string;
  shape: number[];
  values: Float32Array;
  /** How a quantized kernel was made (export picks its storage from this). */
  quantized?: { layer: string; scheme: WeightScheme; granularity: Granularity; filters: number; bits: number | number[]; params: QuantParams[] };
  /** LayersModel: the layer and weight index to write. */
  layer?: string;
  index?: number;
}

export interface LayerWeightOutcome {
  sqnrDb: SqnrDb;
  /** One scale per tensor or per filter. */
  scales: number[];
}

export interface WeightPlan {
  edits: WeightEdit[];
  layers: Map<string, LayerWeightOutcome>;
}

interface TfLayer {
  name: string;
  getConfig(): Record<string, unknown>;
  getWeights(): tf.Tensor[];
  setWeights(w: tf.Tensor[]): void;
  weights: { originalName: string; shape: number[] }[];
}

/** Matches config layers to the model's quantizable layers by name. */
export function matchLayers(loaded: LoadedModel, config: StudioConfig): { layer: QuantLayer; cfg: LayerConfig }[] {
  const byName = new Map(config.layers.map((l) => [l.name, l]));
  const known = new Set(loaded.layers.map((l) => l.name));
  for (const l of config.layers) {
    if (!known.has(l.name)) throw new Error(`config layer '${l.name}' is not a quantizable layer of model '${loaded.name}'`);
  }
  return loaded.layers.filter((l) => byName.has(l.name)).map((layer) => ({ layer, cfg: byName.get(layer.name)! }));
}

export function isFloatBits(bits: number | number[]): boolean {
  return typeof bits === 'number' && bits >= FLOAT_WEIGHT_BITS;
}

/** NLQ's shared unit, recorded by the nlq method in its settings (default 1). */
export function nlqUnitOf(config: StudioConfig): number | undefined {
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
export function quantizeKernel(layer: QuantLayer, scheme: WeightScheme, bits: number | number[], granularity: Granularity, unit?: number): Quantized {
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

// --- edits -----------------------------------------------------------------------------

function layersEdits(model: LayersModel, layer: QuantLayer, q: Quantized, info: WeightEdit['quantized']): WeightEdit[] {
  const tl = model.getLayer(layer.name) as unknown as TfLayer;
  const edits: WeightEdit[] = [{ name: tl.weights[0].originalName, shape: tl.weights[0].shape.slice(), values: q.values, quantized: info, layer: tl.name, index: 0 }];
  if (!layer.foldedBatchNorm) return edits;
  if (tl.weights.length > 1) {
    edits.push({ name: tl.weights[1].originalName, shape: tl.weights[1].shape.slice(), values: new Float32Array(layer.filters), layer: tl.name, index: 1 });
  }
  const bn = model.getLayer(layer.foldedBatchNorm) as unknown as TfLayer;
  const cfg = bn.getConfig();
  const eps = Number(cfg.epsilon ?? 1e-3);
  const F = layer.filters;
  const vals: Float32Array[] = [];
  if (cfg.scale !== false) vals.push(new Float32Array(F).fill(1));
  if (cfg.center !== false) vals.push(Float32Array.from(layer.bias));
  vals.push(cfg.center !== false ? new Float32Array(F) : Float32Array.from(layer.bias, (b) => -b));
  vals.push(new Float32Array(F).fill(Math.fround(1 - eps)));
  vals.forEach((values, index) => edits.push({ name: bn.weights[index].originalName, shape: bn.weights[index].shape.slice(), values, layer: bn.name, index }));
  return edits;
}

function graphEdits(model: GraphModel, layer: QuantLayer, q: Quantized, info: WeightEdit['quantized']): WeightEdit[] {
  const c = graphLayerConsts(model, layer);
  const weights = model.weights as unknown as Record<string, tf.Tensor[]>;
  const shapeOf = (n: string) => weights[n][0].shape.slice();
  const kernel = c.transposed ? transpose2d(q.values, layer.weightShape[0], layer.weightShape[1]) : q.values;
  const edits: WeightEdit[] = [{ name: c.kernel, shape: shapeOf(c.kernel), values: kernel, quantized: info }];
  if (!c.batchNorm) return edits;
  const F = layer.filters;
  for (const b of c.biases) edits.push({ name: b, shape: shapeOf(b), values: new Float32Array(F) });
  const bn = c.batchNorm;
  edits.push({ name: bn.scale, shape: shapeOf(bn.scale), values: new Float32Array(F).fill(1) });
  edits.push({ name: bn.offset, shape: shapeOf(bn.offset), values: Float32Array.from(layer.bias) });
  edits.push({ name: bn.mean, shape: shapeOf(bn.mean), values: new Float32Array(F) });
  edits.push({ name: bn.variance, shape: shapeOf(bn.variance), values: new Float32Array(F).fill(Math.fround(1 - bn.epsilon)) });
  return edits;
}

/** The weight edits of a config and each quantized layer's SQNR and scales. */
export function planWeights(loaded: LoadedModel, config: StudioConfig): WeightPlan {
  const unit = nlqUnitOf(config);
  const edits: WeightEdit[] = [];
  const layers = new Map<string, LayerWeightOutcome>();
  for (const { layer, cfg } of matchLayers(loaded, config)) {
    const w = cfg.weights;
    if (isFloatBits(w.bits)) continue;
    const q = quantizeKernel(layer, w.scheme, w.bits, w.granularity, w.scheme === 'nlq' ? unit : undefined);
    layers.set(layer.name, { sqnrDb: sqnrDb(layer.weights, q.values), scales: q.params.map((p) => p.scale) });
    const info = { layer: layer.name, scheme: w.scheme, granularity: w.granularity, filters: layer.filters, bits: w.bits, params: q.params };
    edits.push(...(loaded.format === 'layers-model'
      ? layersEdits(loaded.model as LayersModel, layer, q, info)
      : graphEdits(loaded.model as GraphModel, layer, q, info)));
  }
  return { edits, layers };
}

/** Writes the edits into the live model; returns the function that restores the originals. */
export function applyWeightEdits(loaded: LoadedModel, edits: readonly WeightEdit[]): () => void {
  if (edits.length === 0) return () => {};
  if (loaded.format === 'layers-model') {
    const model = loaded.model as LayersModel;
    const byLayer = new Map<string, WeightEdit[]>();
    for (const e of edits) byLayer.set(e.layer!, [...(byLayer.get(e.layer!) ?? []), e]);
    const saved: [TfLayer, tf.Tensor[]][] = [];
    for (const [name, es] of byLayer) {
      const tl = model.getLayer(name) as unknown as TfLayer;
      const original = tl.getWeights().map((t) => t.clone());
      saved.push([tl, original]);
      const next = original.map((t, i) => {
        const e = es.find((x) => x.index === i);
        return e ? tf.tensor(e.values, t.shape, 'float32') : t;
      });
      tl.setWeights(next);
      next.forEach((t, i) => { if (t !== original[i]) t.dispose(); });
    }
    return () => {
      for (const [tl, original] of saved) {
        tl.setWeights(original);
        original.forEach((t) => t.dispose());
      }
    };
  }
  const executor = (loaded.model as unknown as { executor: { weightMap: Record<string, tf.Tensor[]> } }).executor;
  const before = executor.weightMap;
  const next = { ...before };
  const created: tf.Tensor[] = [];
  for (const e of edits) {
    const old = before[e.name]?.[0];
    if (!old) throw new Error(`graph constant '${e.name}' not found`);
    const t = tf.tensor(e.values, old.shape, 'float32');
    created.push(t);
    next[e.name] = [t];
  }
  executor.weightMap = next;
  return () => {
    executor.weightMap = before;
    created.forEach((t) => t.dispose());
  };
}
