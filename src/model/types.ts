/**
 * What src/model hands to the rest of the studio: a loaded model with its quantizable
 * layers listed and their (batch-norm folded) weights extracted as plain Float32Arrays.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayerKind } from '../quant/types';

export type ModelFormat = 'layers-model' | 'graph-model';

/**
 * One conv2d / depthwise / dense layer (LayersModel) or Conv2D / DepthwiseConv2dNative /
 * MatMul node and their fused forms (GraphModel), as the quantizer sees it.
 */
export interface QuantLayer {
  /** Layer name (LayersModel) or node name (GraphModel); the config's key. */
  name: string;
  kind: LayerKind;
  /** tfjs class name ('Conv2D', 'DepthwiseConv2D', 'Dense') or graph op ('_FusedConv2D', …). */
  op: string;
  /** Channels-last: conv [kh, kw, in, out], depthwise [kh, kw, in, mult], dense [in, units]. */
  weightShape: number[];
  /** Output channels: conv out, depthwise in·mult, dense units. Element i belongs to filter i % filters. */
  filters: number;
  /** Number of kernel weights (the values that get quantized; biases stay float). */
  params: number;
  /** Multiply-accumulates per example (one input image). */
  macs: number;
  /** Output shape of the layer without the batch dimension (null where unknown). */
  outputShape: (number | null)[];
  /** Kernel with any following batch norm folded in: w' = w · γ / √(σ² + ε), per filter. */
  weights: Float32Array;
  /** Folded bias b' = (b − μ) · γ / √(σ² + ε) + β (zeros when the layer has none and no BN follows). */
  bias: Float32Array;
  /** Name of the BatchNormalization layer / FusedBatchNorm node folded into this layer, if any. */
  foldedBatchNorm: string | null;
  /** Activation applied at the activation point ('linear', 'relu', 'relu6', 'softmax', …). */
  activation: string;
  /**
   * Layer (LayersModel) or node (GraphModel) whose output is this layer's activation point:
   * after the folded BN and a directly following activation, where hardware would quantize.
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

export interface ModelOutput {
  name: string;
  shape: (number | null)[];
}

export interface LoadedModel {
  format: ModelFormat;
  name: string;
  /** Hex SHA-256 of the weight bytes as stored, shards concatenated in manifest order. */
  hash: string;
  /** Input shape including the batch dimension (null = any). */
  inputShape: (number | null)[];
  outputs: ModelOutput[];
  /** Total number of float weights in the model (all layers, biases and BN included). */
  parameters: number;
  layers: QuantLayer[];
  skipped: SkippedLayer[];
  /**
   * GraphModel: how many layers' output shapes came from the graph alone and how many from
   * running the model once on one image (ops the static rules do not cover), and where.
   */
  shapeSource?: { static: number; probed: number; backend?: string };
  /** Keys dropped from model.json because they could reach a prototype (e.g. '__proto__'). */
  droppedKeys: string[];
  /** The tfjs model itself, for evaluation and activation capture. */
  model: LayersModel | GraphModel;
  /** Runs the float model on a batch (NHWC etc.); the caller disposes the result. */
  predict(x: Tensor): Tensor;
  dispose(): void;
}
