/**
 * The model seam: what the analysis, the methods, the evaluation and the export may know
 * about "a loaded model", whatever runtime holds it (TensorFlow.js today, onnxruntime-web
 * next). Nothing here names a runtime; everything crosses as plain data (Float32Arrays,
 * numbers, strings), so src/quant and src/app never learn which runtime they talk to, and
 * a new runtime plugs in by implementing LoadedModel (see docs/architecture.md, "The model
 * seam"). Questions a runtime may answer "no" to are capabilities, never format checks.
 */
import type { QuantParams } from '../../quant/registry';
import type { ActivationScheme, Granularity, LayerKind, StudioConfig, WeightScheme } from '../../quant/types';

/** Which kind of model file it came from; recorded in config.model.format. */
export type ModelFormat = StudioConfig['model']['format'];

/**
 * Axis order of a model input or activation. 'NHWC'/'NCHW' for images, 'NC' for flat
 * feature vectors, 'other' when the runtime cannot tell.
 */
export type TensorLayout = 'NHWC' | 'NCHW' | 'NC' | 'other';

export interface InputSpec {
  /** The model's input name (graph input / layer name), for messages. */
  name: string;
  /**
   * Shape including the batch dimension, in the model's own axis order; null = dynamic
   * (the batch dimension is dynamic in almost every model).
   */
  shape: (number | null)[];
  layout: TensorLayout;
}

export interface ModelOutput {
  name: string;
  /** Shape including the batch dimension (null = dynamic). */
  shape: (number | null)[];
  /**
   * The layer or node that produces this output, in the same namespace as
   * QuantLayer.activationPoint: a quantizable layer whose activation point is an output's
   * node keeps float activations (the methods' outputLayers).
   */
  node: string;
}

/**
 * One quantizable layer (conv, depthwise conv, dense / Gemm / MatMul with a constant
 * operand), as the quantizer sees it.
 *
 * Canonical weight layout, whatever the runtime stores: the **filter (output-channel) axis
 * is the last, fastest-varying axis**, so element i belongs to filter i % filters.
 * conv [kh, kw, in/groups, out], depthwise [kh, kw, in, mult] (filter = in·mult), dense
 * [in, units]. A runtime that stores OIHW (ONNX) transposes into this layout when it lists
 * the layers and back when it substitutes weights.
 */
export interface QuantLayer {
  /** Layer name (tfjs LayersModel) or node name (graph models); the config's key. */
  name: string;
  kind: LayerKind;
  /** The runtime's op or class name ('Conv2D', '_FusedConv2D', 'Conv', 'Gemm', …), for display. */
  op: string;
  /** Kernel shape in the canonical layout (filter axis last). */
  weightShape: number[];
  /** Output channels; element i of `weights` belongs to filter i % filters. */
  filters: number;
  /** Number of kernel weights (the values that get quantized; biases stay float). */
  params: number;
  /** Multiply-accumulates per example (one input image). */
  macs: number;
  /** Output shape of the layer without the batch dimension (null where unknown). */
  outputShape: (number | null)[];
  /** Kernel with any following batch norm folded in: w' = w · γ / √(σ² + ε), per filter; canonical layout. */
  weights: Float32Array;
  /** Folded bias b' = (b − μ) · γ / √(σ² + ε) + β (zeros when the layer has none and no BN follows). */
  bias: Float32Array;
  /** Name of the batch norm folded into this layer, if any. */
  foldedBatchNorm: string | null;
  /** Activation applied at the activation point ('linear', 'relu', 'relu6', 'softmax', …). */
  activation: string;
  /**
   * Layer or node whose output is this layer's activation point: after the folded BN and a
   * directly following activation, where hardware would quantize. The name
   * LoadedModel.capture and ActivationSubstitution.point use.
   */
  activationPoint: string;
  /**
   * Indices (into LoadedModel.layers) of the quantizable layers whose activation points
   * feed this layer through non-quantizable ops (pooling, reshape, add, concat…); −1 = the
   * model input. What BitOPs need: the precision of the data a layer multiplies.
   */
  producers: number[];
}

export interface SkippedLayer {
  name: string;
  op: string;
  reason: string;
}

/** A kernel the config quantizes: its fake-quantized values and how they were made. */
export interface WeightSubstitution {
  /** QuantLayer.name. */
  layer: string;
  /** Q(w'), canonical layout, same length as QuantLayer.weights. */
  values: Float32Array;
  scheme: WeightScheme;
  granularity: Granularity;
  /** One bit-width, or one per filter. */
  bits: number | number[];
  /** The quantizer's parameters: one per tensor, or one per filter (export picks storage from them). */
  params: QuantParams[];
}

/** What an activation point's fake quantizer needs (the registry quantizer's own parameters). */
export interface ActivationFakeQuant {
  scheme: ActivationScheme;
  bits: number;
  signed: boolean;
  /** Step (fixed) or top level (log schemes); 0 = all zeros. */
  scale: number;
}

/** Fake-quantization of the values at one activation point. */
export interface ActivationSubstitution {
  /** QuantLayer.name. */
  layer: string;
  /** QuantLayer.activationPoint. */
  point: string;
  params: ActivationFakeQuant;
}

/**
 * A config as a runtime applies it: built by the runtime-agnostic code (src/model/plan.ts)
 * from a StudioConfig with the src/quant quantizers. Layers absent from `weights` keep
 * their original float weights (batch norm included); points absent from `activations`
 * stay float. The empty plan is the float model.
 */
export interface QuantPlan {
  weights: readonly WeightSubstitution[];
  activations: readonly ActivationSubstitution[];
}

export interface RunOptions {
  /** Apply the plan's activation fake-quantization (default true); false = weights only. */
  activations?: boolean;
}

/** Runs batches of the model with one plan applied. */
export interface PlanRunner {
  /**
   * Runs `count` examples stored back to back in `input` (each in the model input's own
   * axis order, InputSpec.shape without the batch dimension) and returns the model's
   * first output, `count` rows back to back.
   */
  run(input: Float32Array, count: number, opts?: RunOptions): Promise<Float32Array>;
}

/** One activation point's values for a batch. */
export interface CapturedTensor {
  /** count × perExample values, example-major, in the runtime's own axis order. */
  values: Float32Array;
  /** One example's shape (no batch dimension). */
  shape: number[];
  /** Layout of `shape` ('NHWC' for tfjs, 'NCHW' for most ONNX models) — where the channel axis is. */
  layout: TensorLayout;
}

type Capability = { available: true } | { available: false; reason: string };

export interface RuntimeCapabilities {
  /**
   * Gradients of the loss with respect to activations and bit strengths (CQ's class
   * importance, EBS's training). Unavailable: the methods that need them say `reason`
   * in the page and the CLI instead of failing.
   */
  gradients: Capability;
  /** Files `exportModel` can write, first = default. */
  exportFormats: readonly ExportFormatInfo[];
}

interface ExportFormatInfo {
  /** e.g. 'tfjs', 'onnx-qdq'. */
  id: string;
  title: string;
}

/** How one tensor was stored in an exported model. */
export interface ExportedTensor {
  name: string;
  /** QuantLayer.name for a quantized kernel, else null. */
  layer: string | null;
  /** Storage type: 'uint8', 'int8', 'int4', 'float16', 'float32', 'int32', … */
  dtype: string;
  bytes: number;
  /** Why a quantized kernel is not stored as integers. */
  note?: string;
}

export interface ExportedModel {
  /** File name → bytes, ready to write into a folder or zip. */
  files: Map<string, Uint8Array>;
  tensors: ExportedTensor[];
  weightBytes: number;
  /** The same weights as float32. */
  floatWeightBytes: number;
  /** Decisions the file could not hold as the config says (e.g. a log scheme kept fake-quantized in float), per layer. */
  notes?: { layer: string; reason: string }[];
}

export interface ExportOptions {
  /** One of capabilities.exportFormats' ids (default: the first). */
  format?: string;
  /** Recorded in the exported files ("quantization-studio (mxqn 20)"). */
  producedBy?: string;
  /** Free-form metadata the runtime may embed (method, figures). */
  metadata?: Record<string, unknown>;
}

/** Labeled examples, back to back in the model input's axis order. */
export interface LabeledExamples {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

interface GradientProgress {
  done: number;
  total: number;
  /** EBS: the training loss after this step. */
  loss?: number;
}

export interface GradientJobOptions {
  signal?: AbortSignal;
  onProgress?: (p: GradientProgress) => void;
}

/**
 * The EBS search problem (docs/methods.md): one weight strength vector α_w per layer over
 * `candidates`, one α_a per layer with an activation entry, trained with Adam on
 * cross-entropy + λ · E[BitOPs] / (the same at all-8-bit), where layer l's E[BitOPs] =
 * MACs_l · E[b_w,l] · E[inputBits_l]: the widest expected activation bits of its producers,
 * `inputBits` for the network input, 32 for a producer whose activations stay float — the
 * way the cost model counts summary.bitops.
 */
export interface BitStrengthProblem {
  candidates: number[];
  /** Per layer (LoadedModel.layers order): the fake-quantized kernel at each candidate, canonical layout. */
  kernels: Float32Array[][];
  /** Per layer: the activation quantizer at each candidate, or null (activations stay float). */
  activations: (ActivationFakeQuant[] | null)[];
  /** Per layer multiply-accumulates (BitOPs weight). */
  macs: number[];
  /** Per layer, the layers whose activations it multiplies (−1 = the network input). */
  producers: readonly (readonly number[])[];
  /** Bits of the network input. */
  inputBits: number;
  lambda: number;
  train: LabeledExamples;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface BitStrengths {
  /** Per layer softmax(α_w) over the candidates. */
  weights: number[][];
  /** Per layer softmax(α_a), or null where activations stay float. */
  activations: (number[] | null)[];
  finalLoss: number;
}

/** Present only when capabilities.gradients is available. */
export interface GradientRuntime {
  /**
   * CQ's class importance T[c][l][f]: per class c, per layer l (LoadedModel.layers order),
   * per filter f, the mean over class-c examples of |mean over positions (a · ∂L/∂a)| at
   * the layer's activation point (float model, cross-entropy on the first output).
   */
  classImportance(data: LabeledExamples, opts?: GradientJobOptions & { perClass?: number }): Promise<number[][][]>;
  /** Trains EBS's bit strengths (weights stay the float model's). */
  trainBitStrengths(problem: BitStrengthProblem, opts?: GradientJobOptions): Promise<BitStrengths>;
}

/**
 * A loaded model, runtime-agnostic. Implementations: src/model/tfjs (TensorFlow.js
 * LayersModel and GraphModel). Every operation that edits the runtime's live state
 * (withPlan, gradients) is serialised by the implementation: a second call waits for the
 * first to finish, so callers never lock.
 */
export interface LoadedModel {
  // --- identity
  format: ModelFormat;
  name: string;
  /** Hex SHA-256 of the weight bytes as stored (the config's model.hash). */
  hash: string;
  /** Total number of float weights in the model (all layers, biases and BN included). */
  parameters: number;
  /** Keys dropped from the model file because they could reach a prototype (e.g. '__proto__'). */
  droppedKeys: string[];

  // --- shape
  input: InputSpec;
  outputs: ModelOutput[];
  /** Quantizable layers in execution order, weights extracted (BN folded), canonical layout. */
  layers: QuantLayer[];
  /** Layers that hold weights but are not quantized, with the reason. */
  skipped: SkippedLayer[];

  // --- what it can do
  capabilities: RuntimeCapabilities;
  /** Where it computes ('webgl', 'wasm', 'cpu', 'onnxruntime-web wasm', …), for reports. */
  backendName(): string;

  // --- operations
  /**
   * Applies `plan` (substituted weights, activation fake-quant) for the duration of `use`,
   * then restores the float model, also when `use` throws. Exclusive (see above).
   */
  withPlan<T>(plan: QuantPlan, use: (runner: PlanRunner) => Promise<T>): Promise<T>;
  /**
   * Runs the float model on `count` examples (model input's axis order) and returns the
   * values at each named activation point (QuantLayer.activationPoint), in `points` order.
   */
  capture(input: Float32Array, count: number, points: readonly string[]): Promise<CapturedTensor[]>;
  /** The model with `plan`'s weights, as files a stock runtime loads. */
  exportModel(plan: QuantPlan, opts?: ExportOptions): Promise<ExportedModel>;
  /** Present iff capabilities.gradients.available. */
  gradients: GradientRuntime | null;
  /** Frees the runtime's memory; the object must not be used afterwards. */
  dispose(): void;
}
