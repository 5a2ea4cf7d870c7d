/**
 * Shared vocabulary of the studio. Pure types: imported by every layer
 * (quant ← model/kernels ← workers/cli ← app), importing nothing.
 *
 * Tensor layout convention: weights are channels-last, as tfjs stores them
 * (conv2d [kh, kw, in, out], depthwise [kh, kw, in, mult], dense [in, out]).
 * A "filter" is one output channel / output neuron, so element i of the flat
 * weight array belongs to filter `i % filters` (depthwise: filters = in·mult).
 */

/** Weight quantizer keys; these strings are the config JSON values. */
export type WeightScheme = 'fixed' | 'fixed-clip' | 'dfp' | 'log2' | 'log2-sqrt2' | 'nlq';
/** Activation quantizer keys ('fixed' is unsigned when the data is non-negative). */
export type ActivationScheme = 'fixed' | 'log2' | 'log2-sqrt2';

export const WEIGHT_SCHEMES: readonly WeightScheme[] = ['fixed', 'fixed-clip', 'dfp', 'log2', 'log2-sqrt2', 'nlq'];
export const ACTIVATION_SCHEMES: readonly ActivationScheme[] = ['fixed', 'log2', 'log2-sqrt2'];
/** Bit ranges live in bits.ts; re-exported here because most callers already import types. */
export { SWEEP_BITS, MIN_BITS, MAX_BITS, FLOAT_BITS, QUANT_BITS } from './bits';

/** Model file formats a config can belong to (the validator and the schema read this list). */
export const MODEL_FORMATS = ['layers-model', 'graph-model', 'onnx'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export type Granularity = 'per-tensor' | 'per-filter';
export type LayerKind = 'conv2d' | 'depthwise' | 'dense';

/**
 * SQNR in dB. `Infinity` = lossless; `null` = undefined (all-zero signal).
 * Never NaN. In JSON, Infinity is written as the string "Infinity".
 */
export type SqnrDb = number | null;
export type SqnrJson = number | null | 'Infinity';

/** sweep[scheme][bits] with bits keys "2".."8". */
export type SchemeBitsTable<S extends string, V> = Partial<Record<S, Record<string, V>>>;

export interface LayerSweep {
  /** Per-tensor weight SQNR (dB) for every scheme × bits. */
  weights: SchemeBitsTable<WeightScheme, SqnrJson>;
  /** Per-filter weight SQNR (dB): one entry per filter. */
  weightsPerFilter: SchemeBitsTable<WeightScheme, SqnrJson[]>;
  /** Activation (layer output) SQNR on the calibration batch; absent without data. */
  activations?: SchemeBitsTable<ActivationScheme, SqnrJson>;
}

export interface LayerWeightsConfig {
  scheme: WeightScheme;
  /** One bit-width for the whole layer, or one per filter (length = filters). */
  bits: number | number[];
  granularity: Granularity;
  /** Stored scales: one per tensor, or one per filter. */
  scales?: number[];
}

export interface LayerActivationsConfig {
  /** 'float' = left unquantized. */
  scheme: ActivationScheme | 'float';
  bits: number | null;
  signed?: boolean;
  scale?: number;
  /**
   * How a fixed-point activation range is calibrated: 'max-abs' (default), 'percentile'
   * (99.99th of |x|), 'mse' (searched clip), 'kl' (entropy); see src/quant/calibration.ts.
   */
  calibration?: 'max-abs' | 'percentile' | 'mse' | 'kl';
}

export interface LayerConfig {
  name: string;
  kind: LayerKind;
  weightShape: number[];
  filters: number;
  params: number;
  macs: number;
  weights: LayerWeightsConfig;
  activations: LayerActivationsConfig;
  /** Measured SQNR of this layer at its chosen settings. */
  sqnr?: { weightsDb?: SqnrJson; activationsDb?: SqnrJson };
  /** Per-filter importance score (CQ), when known. */
  importance?: number[];
  /**
   * Indices (into the config's layers) of the layers whose outputs this layer multiplies;
   * −1 = the network input. Recorded by the analysis; absent in older configs (read as a chain).
   */
  producers?: number[];
  /**
   * Bits of the data this layer multiplies (its producers' activation bits, the network
   * input's bits, 32 when float): the b_a of its BitOPs. Derived by the cost model
   * (config/summary.ts), recorded so that a reader can check summary.bitops.
   */
  inputBits?: number;
  sweep?: LayerSweep;
}

export interface ConfigSummary {
  accuracy?: number | null;
  /** Top-1 accuracy of the float model on the same evaluation data. */
  floatAccuracy?: number | null;
  weightOnlyAccuracy?: number | null;
  agreement?: number | null;
  outputSqnrDb?: SqnrJson;
  /** Cosine similarity of the outputs with the float model's on the same inputs, in [−1, 1] (src/quant/cosine.ts). */
  outputCosine?: number | null;
  averageWeightBits: number;
  sizeBytes: number;
  floatSizeBytes?: number;
  bitops: number;
  floatBitops?: number;
  evaluatedOn?: string;
}

export interface StudioConfig {
  format: 'quantization-studio/config';
  version: 1;
  model: {
    name: string;
    /** Hex SHA-256 of the weight bytes, in manifest order (ONNX: of the .onnx file and its external data). */
    hash: string;
    format: ModelFormat;
    parameters: number;
  };
  method: { name: string; budget?: number | null; settings?: Record<string, unknown> };
  /** Bits of the network input (8 = 8-bit pixels, the default; 32 = float input). */
  inputBits?: number;
  data?: { source: string; calibration?: number; note?: string };
  layers: LayerConfig[];
  summary: ConfigSummary;
}
