/**
 * What every bit-width method shares: its input (the analysed config with SQNR sweeps),
 * building a complete StudioConfig from per-layer choices, and the cost summary — the
 * one cost model of the studio, src/quant/config/summary.ts (kernels' storage incl. scales
 * and bit maps; BitOPs = Σ MACs_l · mean(b_w,l) · inputBits_l with inputBits_l the bits of
 * the data layer l multiplies: its producers' activations or the network input).
 */
import {
  averageWeightBits, costConfig, FLOAT_BITS, layerMeanBits, layerStorageBits,
} from '../config/summary';
import { MAX_BITS, MIN_BITS } from '../bits';
import { dbToLinear, readSqnr } from '../sqnr';
import type {
  ActivationScheme, LayerActivationsConfig, LayerConfig, LayerWeightsConfig, SchemeBitsTable,
  SqnrDb, SqnrJson, StudioConfig,
} from '../types';

export { averageWeightBits, FLOAT_BITS, layerMeanBits, layerStorageBits };

export interface MethodInput {
  /** The analysed config (analyzeModel): every layer with its sweep tables. */
  base: StudioConfig;
  /** Folded kernels per layer, same order as base.layers (for methods that measure SQNR themselves). */
  weights?: Float32Array[];
  /**
   * Layers whose activation point is a model output: methods leave those activations in
   * float (the accumulator precision an integer accelerator hands back), so that argmax
   * ties from quantized scores do not count against a method. Default: none.
   */
  outputLayers?: number[];
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

/** sweep[scheme][bits] as dB, or undefined when the table lacks it. */
export function sweepAt<S extends string>(table: SchemeBitsTable<S, SqnrJson> | undefined, scheme: S, bits: number): SqnrDb | undefined {
  const row = table?.[scheme];
  if (!row || !(String(bits) in row)) return undefined;
  return readSqnr(row[String(bits)]);
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

/** One layer of a method's result: the base layer's identity and sweep, new decisions. */
export function decideLayer(base: LayerConfig, weights: LayerWeightsConfig, activations: LayerActivationsConfig,
  extra: Partial<Pick<LayerConfig, 'importance'>> = {}): LayerConfig {
  const out: LayerConfig = {
    name: base.name, kind: base.kind, weightShape: base.weightShape.slice(), filters: base.filters,
    params: base.params, macs: base.macs, weights, activations,
  };
  if (extra.importance) out.importance = extra.importance;
  if (base.producers) out.producers = base.producers.slice();
  if (base.sweep) out.sweep = base.sweep;
  return out;
}

/** A complete config from per-layer decisions (model-output activations made float), with its summary. */
export function methodConfig(input: MethodInput, name: string, budget: number | null,
  settings: Record<string, unknown>, layers: LayerConfig[]): StudioConfig {
  const { base } = input;
  if (layers.length !== base.layers.length) throw new Error(`${name}: ${layers.length} layers decided for ${base.layers.length}`);
  const outputs = new Set(input.outputLayers ?? []);
  layers = layers.map((l, i) => (outputs.has(i) ? { ...l, activations: floatActivations() } : l));
  return costConfig({
    format: 'quantization-studio/config',
    version: 1,
    model: { ...base.model },
    method: { name, budget, settings },
    ...(base.inputBits !== undefined ? { inputBits: base.inputBits } : {}),
    ...(base.data ? { data: { ...base.data } } : {}),
    layers,
    summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  });
}

/** The float configuration: every kernel and activation at 32-bit float. */
export function floatConfig(input: MethodInput): StudioConfig {
  const layers = input.base.layers.map((l) => decideLayer(l,
    { scheme: 'fixed', bits: FLOAT_BITS, granularity: 'per-tensor' }, floatActivations()));
  // The float model multiplies a float input too.
  return methodConfig({ ...input, base: { ...input.base, inputBits: FLOAT_BITS } }, 'float', null, {}, layers);
}

/** Throws unless b is an integer bit-width in [lo, hi]. */
export function checkBitsKnob(method: string, b: number, lo = MIN_BITS, hi = MAX_BITS): number {
  if (!Number.isInteger(b) || b < lo || b > hi) throw new Error(`${method}: bits must be an integer in ${lo}..${hi}, got ${String(b)}`);
  return b;
}
