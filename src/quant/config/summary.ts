/**
 * The studio's one cost model at config level: what a config costs to store and to compute.
 * The page (after every manual edit, undo and redo), the worker, the CLI, the methods and the
 * config validator all call these functions, so a config has one size, one mean bit-width and
 * one BitOPs figure wherever it is shown.
 *
 *   averageWeightBits = Σ_l params_l · mean(b_w,l) / Σ_l params_l
 *   sizeBytes         = Σ_l weightStorageBits(params_l, b_w,l, filters_l, granularity_l, scaleBits(scheme_l)) / 8
 *   bitops            = Σ_l Σ_f (MACs_l / filters_l) · b_w,l,f · inputBits_l
 *   floatSizeBytes    = Σ_l params_l · 4,   floatBitops = Σ_l MACs_l · 32 · 32
 *
 * inputBits_l is the precision of the data layer l multiplies: the activation bits of the
 * layer(s) feeding it (`producers`, the widest when several feed it through an add or a
 * concat), or the network input's bits (config.inputBits, 8 by default: 8-bit pixels) for
 * layers fed by the model input; 32 where that data is left in float. A config without
 * `producers` (older files) is read as a chain: layer l is fed by layer l − 1, layer 0 by the
 * input. A multiply of a b_w-bit weight by a b_a-bit input costs b_w · b_a AND + popcount
 * operations in the bit-serial kernel (methods/binaryDecomposition.ts), which its tests count.
 *
 * Scope: the quantizable layers' kernels (biases, folded batch norms and layers the studio
 * skips stay float and are counted in neither figure). Weights at 32 bits mean "left in
 * float" (stored as float32, no scales).
 *
 * Example: one conv fed by the 8-bit input, 1,000 weights in 10 filters, fixed 8-bit per
 * tensor, 50,000 MACs → averageWeightBits 8, sizeBytes (8,000 + 32) / 8 = 1,004,
 * bitops 50,000 · 8 · 8 = 3.2e6, floatSizeBytes 4,000, floatBitops 5.12e7.
 */
import { FLOAT_BITS } from '../bits';
import { averageBits, scaleBitsFor, weightStorageBits } from '../cost';
import type { ConfigSummary, LayerConfig, LayerWeightsConfig, StudioConfig } from '../types';

export { FLOAT_BITS };
/** Bits of the network input when a config does not say (8-bit image pixels). */
export const DEFAULT_INPUT_BITS = 8;

type SummaryFigures = Pick<ConfigSummary, 'averageWeightBits' | 'sizeBytes' | 'bitops' | 'floatSizeBytes' | 'floatBitops'>;

type CostLayer = Pick<LayerConfig, 'params' | 'filters' | 'macs' | 'weights' | 'activations' | 'producers'>;

/** Bits of a layer's output (its activation point): 32 when left in float. */
export function activationBits(layer: Pick<LayerConfig, 'activations'>): number {
  const a = layer.activations;
  return a.scheme === 'float' || a.bits === null ? FLOAT_BITS : a.bits;
}

/** Mean bits of a layer's weights (per-filter arrays averaged; filters are equal-sized). */
export function layerMeanBits(w: Pick<LayerWeightsConfig, 'bits'>): number {
  return averageBits(w.bits);
}

/** True when a layer's weights are left in float. */
function isFloatWeights(w: Pick<LayerWeightsConfig, 'bits'>): boolean {
  return typeof w.bits === 'number' && w.bits >= FLOAT_BITS;
}

/**
 * Average weight bit-width weighted by parameter count: Σ_l params_l · mean(b_l) / Σ params_l.
 * Example: 100 params at 8 bits and 300 at 4 → (800 + 1200) / 400 = 5.
 */
export function averageWeightBits(layers: readonly Pick<LayerConfig, 'params' | 'weights'>[]): number {
  let bits = 0;
  let params = 0;
  for (const l of layers) {
    bits += l.params * layerMeanBits(l.weights);
    params += l.params;
  }
  return params > 0 ? bits / params : 0;
}

/** Storage bits of one layer's kernel, scales and bit maps included (float layers: 32 bits each, no scales). */
export function layerStorageBits(l: Pick<LayerConfig, 'params' | 'filters' | 'weights'>): number {
  const w = l.weights;
  if (isFloatWeights(w)) return l.params * FLOAT_BITS;
  return weightStorageBits(l.params, w.bits, l.filters, w.granularity, scaleBitsFor(w.scheme));
}

/** Producers of layer i: recorded, else the chain (i − 1; −1 = the network input). */
export function producersOf(layers: readonly Pick<LayerConfig, 'producers'>[], i: number): readonly number[] {
  const p = layers[i].producers;
  return p && p.length > 0 ? p : [i - 1];
}

/**
 * inputBits of every layer: the widest activation among its producers, or the network
 * input's bits for −1 (see the module comment).
 * Example: layers [conv0 (A4), conv1 (fed by conv0)] with an 8-bit input → [8, 4].
 */
export function layerInputBits(layers: readonly CostLayer[], networkInputBits = DEFAULT_INPUT_BITS): number[] {
  return layers.map((_, i) => Math.max(...producersOf(layers, i).map((p) =>
    (p < 0 || p >= layers.length ? networkInputBits : activationBits(layers[p])))));
}

/** BitOPs of one layer: Σ_f (MACs / filters) · b_w,f · inputBits = MACs · mean(b_w) · inputBits. */
function layerBitops(l: Pick<LayerConfig, 'macs' | 'weights'>, inputBits: number): number {
  if (!(l.macs >= 0)) throw new Error(`macs must be ≥ 0, got ${l.macs}`);
  return l.macs * layerMeanBits(l.weights) * inputBits;
}

/** The summary figures of a list of layers (module comment), inputBits derived from producers. */
export function summarizeLayers(layers: readonly CostLayer[], networkInputBits = DEFAULT_INPUT_BITS): SummaryFigures {
  const inputs = layerInputBits(layers, networkInputBits);
  let sizeBits = 0;
  let ops = 0;
  let floatOps = 0;
  let params = 0;
  layers.forEach((l, i) => {
    params += l.params;
    sizeBits += layerStorageBits(l);
    ops += layerBitops(l, inputs[i]);
    floatOps += l.macs * FLOAT_BITS * FLOAT_BITS;
  });
  return {
    averageWeightBits: averageWeightBits(layers),
    sizeBytes: sizeBits / 8,
    bitops: ops,
    floatSizeBytes: (params * FLOAT_BITS) / 8,
    floatBitops: floatOps,
  };
}

/** Layers with their `inputBits` recorded (derived from producers, as summarizeLayers counts them). */
function withInputBits(layers: readonly LayerConfig[], networkInputBits = DEFAULT_INPUT_BITS): LayerConfig[] {
  const inputs = layerInputBits(layers, networkInputBits);
  return layers.map((l, i) => (l.inputBits === inputs[i] ? l : { ...l, inputBits: inputs[i] }));
}

/**
 * A config with new layers, costed: each layer's inputBits recorded and the cost figures of
 * the summary recomputed; measured figures (accuracy, agreement, output SQNR) are kept as
 * they were (a caller that changed the choices marks them stale). The one function the page's
 * edit / undo / redo and every method's result go through.
 */
export function costConfig(config: StudioConfig, layers: readonly LayerConfig[] = config.layers): StudioConfig {
  const inputBits = config.inputBits ?? DEFAULT_INPUT_BITS;
  const costed = withInputBits(layers, inputBits);
  return { ...config, inputBits, layers: costed, summary: { ...config.summary, ...summarizeLayers(costed, inputBits) } };
}
