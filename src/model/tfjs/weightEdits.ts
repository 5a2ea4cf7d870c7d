/**
 * Writing a QuantPlan's kernels into a live tfjs model, and taking them out again.
 *
 * Batch norm. The plan holds *folded* kernels Q(w'), w' = w·γ/√(σ²+ε) (fold.ts) — the
 * weights an accelerator would hold — so the layer's kernel becomes Q(w'), its own bias 0,
 * and the folded BN becomes the pure bias add y + b' (γ = 1, β = b' — or μ = −b' when the
 * BN has no β —, μ = 0, σ² = 1 − ε). The BN layer stays in the graph, so the edited model
 * is still a stock tfjs model (the export writes these same numbers). Layers the plan
 * leaves out are untouched, BN included.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { graphLayerConsts, transpose2d } from '../applyConfigGraph';
import type { QuantLayer, WeightSubstitution } from '../runtime/types';

/** One tensor to overwrite. */
export interface WeightEdit {
  /** Manifest name: LayersModel variable originalName, or GraphModel Const node name. */
  name: string;
  shape: number[];
  values: Float32Array;
  /** The quantized kernel this edit writes (export picks its storage from it). */
  quantized?: WeightSubstitution;
  /** LayersModel: the layer and weight index to write. */
  layer?: string;
  index?: number;
}

/** The tfjs model behind a TfjsModel, with its format. */
export type TfjsHandle = { format: 'layers-model'; model: LayersModel } | { format: 'graph-model'; model: GraphModel };

interface TfLayer {
  name: string;
  getConfig(): Record<string, unknown>;
  getWeights(): tf.Tensor[];
  setWeights(w: tf.Tensor[]): void;
  weights: { originalName: string; shape: number[] }[];
}

function layersEdits(model: LayersModel, layer: QuantLayer, sub: WeightSubstitution): WeightEdit[] {
  const tl = model.getLayer(layer.name) as unknown as TfLayer;
  const edits: WeightEdit[] = [{ name: tl.weights[0].originalName, shape: tl.weights[0].shape.slice(), values: sub.values, quantized: sub, layer: tl.name, index: 0 }];
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

function graphEdits(model: GraphModel, layer: QuantLayer, sub: WeightSubstitution): WeightEdit[] {
  const c = graphLayerConsts(model, layer);
  const weights = model.weights as unknown as Record<string, tf.Tensor[]>;
  const shapeOf = (n: string) => weights[n][0].shape.slice();
  const kernel = c.transposed ? transpose2d(sub.values, layer.weightShape[0], layer.weightShape[1]) : sub.values;
  const edits: WeightEdit[] = [{ name: c.kernel, shape: shapeOf(c.kernel), values: kernel, quantized: sub }];
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

/** The tensors to overwrite for the plan's kernels (see module comment). */
export function weightEdits(handle: TfjsHandle, layers: readonly QuantLayer[], subs: readonly WeightSubstitution[]): WeightEdit[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  return subs.flatMap((sub) => {
    const layer = byName.get(sub.layer);
    if (!layer) throw new Error(`plan layer '${sub.layer}' is not a quantizable layer of this model`);
    return handle.format === 'layers-model' ? layersEdits(handle.model, layer, sub) : graphEdits(handle.model, layer, sub);
  });
}

/** Writes the edits into the live model; returns the function that restores the originals. */
export function applyWeightEdits(handle: TfjsHandle, edits: readonly WeightEdit[]): () => void {
  if (edits.length === 0) return () => {};
  if (handle.format === 'layers-model') {
    const model = handle.model;
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
  const executor = (handle.model as unknown as { executor: { weightMap: Record<string, tf.Tensor[]> } }).executor;
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
