/**
 * What every bit-width method shares: its input (the analysed config with SQNR sweeps),
 * building a complete StudioConfig from per-layer choices, and the cost summary.
 *
 * Cost conventions (QUANT-METHODS.md "Cost accounting", cost.ts):
 * - size = Σ_l weightStorageBits(kernel at its bits, with its scales and bit maps)
 *   + 32 bits for every other float of the model (biases, BN, unquantized layers);
 * - BitOPs = Σ_l MACs_l · b_w,l · b_a,in(l), where b_a,in(l) is the precision of the data
 *   layer l multiplies: the activation bits of the layer(s) feeding it (`producers`, the
 *   widest when several join), the model input counted as `inputBits` (8: image pixels),
 *   32 for float. Float model: 32 · 32 per MAC.
 */
import { bitops as layerBitops, scaleBitsFor, weightStorageBits } from '../cost';
import { dbToLinear } from '../sqnr';
import type {
  ActivationScheme, LayerActivationsConfig, LayerConfig, LayerWeightsConfig, SchemeBitsTable,
  SqnrDb, SqnrJson, StudioConfig, ConfigSummary,
} from '../types';

/** Bit-width standing for "float32, not quantized" in cost formulas and configs. */
export const FLOAT_BITS = 32;
/** Precision charged to the model input (8-bit image pixels). */
export const DEFAULT_INPUT_BITS = 8;

export interface MethodInput {
  /** The analysed config (analyzeModel): every layer with its sweep tables. */
  base: StudioConfig;
  /** Folded kernels per layer, same order as base.layers (for methods that measure SQNR themselves). */
  weights?: Float32Array[];
  /**
   * For each layer, the indices of the layers whose activation points feed it (−1 = the
   * model input). Default: a chain (layer l is fed by l − 1, the first by the input).
   */
  producers?: number[][];
  inputBits?: number;
}

/** Activation choice applied by weight-only methods to every layer. */
export type ActivationBits = number | 'float';

/** A float (unquantized) activation entry. */
export function floatActivations(): LayerActivationsConfig {
  return { scheme: 'float', bits: null };
}

/** Activation entry at `bits` with `scheme` (default fixed), or float. */
export function activationsAt(bits: ActivationBits, scheme: ActivationScheme = 'fixed'): LayerActivationsConfig {
  return bits === 'float' ? floatActivations() : { scheme, bits };
}

/** SQNR JSON → dB number (Infinity for lossless, null for n/a). */
export function sqnrValue(v: SqnrJson | undefined): SqnrDb {
  if (v === undefined || v === null) return null;
  return v === 'Infinity' ? Infinity : v;
}

/** sweep[scheme][bits] as dB, or undefined when the table lacks it. */
export function sweepAt<S extends string>(table: SchemeBitsTable<S, SqnrJson> | undefined, scheme: S, bits: number): SqnrDb | undefined {
  const row = table?.[scheme];
  if (!row || !(String(bits) in row)) return undefined;
  return sqnrValue(row[String(bits)]);
}

/**
 * Noise-to-signal ratio 1/SQNR (linear) — the additive quantity of the rule
 * 1/SQNR_out ≈ Σ_l 1/SQNR_l. Lossless (Infinity) and n/a (null) add nothing.
 * Example: 20 dB → 0.01; 30 dB → 0.001.
 */
export function noiseRatio(db: SqnrDb | undefined): number {
  if (db === null || db === undefined || db === Infinity) return 0;
  return 1 / dbToLinear(db);
}

/** Mean bits of a layer's weights (per-filter arrays averaged; filters are equal-sized). */
export function layerMeanBits(w: LayerWeightsConfig): number {
  if (typeof w.bits === 'number') return w.bits;
  return w.bits.reduce((a, b) => a + b, 0) / w.bits.length;
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

/** Storage bits of one layer's kernel (float layers at 32 bits with no scales). */
export function layerStorageBits(l: Pick<LayerConfig, 'params' | 'filters' | 'weights'>): number {
  const w = l.weights;
  if (typeof w.bits === 'number' && w.bits >= FLOAT_BITS) return l.params * FLOAT_BITS;
  return weightStorageBits(l.params, w.bits, l.filters, w.granularity, scaleBitsFor(w.scheme));
}

/** Activation bits of a layer's output (32 when float). */
export function activationBits(a: LayerActivationsConfig): number {
  return a.scheme === 'float' || a.bits === null ? FLOAT_BITS : a.bits;
}

/** Default producers: a chain. */
export function chainProducers(n: number): number[][] {
  return Array.from({ length: n }, (_, l) => [l - 1]);
}

/** Precision of the data entering each layer (see module comment). */
export function inputActivationBits(layers: readonly LayerConfig[], producers?: number[][], inputBits = DEFAULT_INPUT_BITS): number[] {
  const prod = producers ?? chainProducers(layers.length);
  return layers.map((_, l) => {
    const ps = prod[l] && prod[l].length ? prod[l] : [-1];
    return Math.max(...ps.map((p) => (p < 0 ? inputBits : activationBits(layers[p].activations))));
  });
}

/** BitOPs of a config: Σ MACs · mean(b_w) · b_a,in. */
export function configBitops(layers: readonly LayerConfig[], producers?: number[][], inputBits = DEFAULT_INPUT_BITS): number {
  const aIn = inputActivationBits(layers, producers, inputBits);
  let total = 0;
  layers.forEach((l, i) => {
    const wb = typeof l.weights.bits === 'number' ? Math.min(l.weights.bits, FLOAT_BITS) : l.weights.bits;
    total += layerBitops(l.macs, wb, aIn[i]);
  });
  return total;
}

/**
 * Size and compute summary of a config (accuracy fields are filled by the evaluation).
 * `parameters` = every float of the model; those outside the quantized kernels count 32 bits.
 */
export function costSummary(layers: readonly LayerConfig[], parameters: number, producers?: number[][], inputBits?: number): ConfigSummary {
  const kernelParams = layers.reduce((a, l) => a + l.params, 0);
  const other = Math.max(parameters - kernelParams, 0);
  const storage = layers.reduce((a, l) => a + layerStorageBits(l), 0) + other * FLOAT_BITS;
  const macs = layers.reduce((a, l) => a + l.macs, 0);
  return {
    averageWeightBits: averageWeightBits(layers),
    sizeBytes: storage / 8,
    floatSizeBytes: (parameters * FLOAT_BITS) / 8,
    bitops: configBitops(layers, producers, inputBits),
    floatBitops: macs * FLOAT_BITS * FLOAT_BITS,
  };
}

/** One layer of a method's result: the base layer's identity and sweep, new decisions. */
export function decideLayer(base: LayerConfig, weights: LayerWeightsConfig, activations: LayerActivationsConfig,
  extra: Partial<Pick<LayerConfig, 'importance'>> = {}): LayerConfig {
  const out: LayerConfig = {
    name: base.name, kind: base.kind, weightShape: base.weightShape.slice(), filters: base.filters,
    params: base.params, macs: base.macs, weights, activations,
  };
  if (extra.importance) out.importance = extra.importance;
  if (base.sweep) out.sweep = base.sweep;
  return out;
}

/** A complete config from per-layer decisions, with its cost summary. */
export function methodConfig(input: MethodInput, name: string, budget: number | null,
  settings: Record<string, unknown>, layers: LayerConfig[]): StudioConfig {
  const { base } = input;
  if (layers.length !== base.layers.length) throw new Error(`${name}: ${layers.length} layers decided for ${base.layers.length}`);
  return {
    format: 'quantization-studio/config',
    version: 1,
    model: { ...base.model },
    method: { name, budget, settings },
    ...(base.data ? { data: { ...base.data } } : {}),
    layers,
    summary: costSummary(layers, base.model.parameters, input.producers, input.inputBits),
  };
}

/** The float configuration: every kernel and activation at 32-bit float. */
export function floatConfig(input: MethodInput): StudioConfig {
  const layers = input.base.layers.map((l) => decideLayer(l,
    { scheme: 'fixed', bits: FLOAT_BITS, granularity: 'per-tensor' }, floatActivations()));
  return methodConfig(input, 'float', null, {}, layers);
}

/** True when a layer's weights are left in float. */
export function isFloatWeights(w: LayerWeightsConfig): boolean {
  return typeof w.bits === 'number' && w.bits >= FLOAT_BITS;
}

/** Throws unless b is an integer bit-width in [lo, hi]. */
export function checkBitsKnob(method: string, b: number, lo = 2, hi = 8): number {
  if (!Number.isInteger(b) || b < lo || b > hi) throw new Error(`${method}: bits must be an integer in ${lo}..${hi}, got ${String(b)}`);
  return b;
}
