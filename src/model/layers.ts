/**
 * Quantizable layers of a tfjs LayersModel: Conv2D, DepthwiseConv2D and Dense, with a
 * directly following BatchNormalization folded in (see fold.ts) and the activation point
 * moved past the BN and a directly following activation layer.
 *
 * "Directly following" = the layer's output feeds exactly one layer and that layer has
 * that single input. A layer that already has a fused activation (activation: 'relu') is
 * not folded with a later BN: BN after a non-linearity cannot be merged into the weights.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LayerKind } from '../quant/types';
import { filled, foldBatchNorm } from './fold';
import type { QuantLayer, SkippedLayer } from './types';
import type { KernelSource } from './weightViews';

/** The parts of tfjs-layers' Layer this module reads (all public in tfjs-layers 4.x). */
interface TLayer {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): Tensor[];
  /** The layer's variables, in getWeights() order; originalName is the manifest's name. */
  weights?: { originalName?: string }[];
  countParams(): number;
  outputShape: unknown;
  inboundNodes: { inboundLayers: TLayer[] }[];
  outboundNodes: { outboundLayer: TLayer }[];
}

const KIND: Record<string, LayerKind> = { Conv2D: 'conv2d', DepthwiseConv2D: 'depthwise', Dense: 'dense' };
const ACTIVATION_LAYERS = new Set(['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'ThresholdedReLU']);

/** The tensor's values as an array of our own (it outlives the model). */
function values(t: Tensor): Float32Array {
  return Float32Array.from(t.dataSync() as Float32Array);
}

/** The tensor's values for reading only (on the CPU backend, the tensor's own array: no copy). */
function peek(t: Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/** The one layer fed by `layer`, when it is also that layer's only input. */
export function soleConsumer(layer: TLayer): TLayer | null {
  if (layer.outboundNodes.length !== 1) return null;
  const next = layer.outboundNodes[0].outboundLayer;
  if (next.inboundNodes.length !== 1) return null;
  const ins = next.inboundNodes[0].inboundLayers;
  return ins.length === 1 && ins[0] === layer ? next : null;
}

function activationName(layer: TLayer): string {
  const cfg = layer.getConfig();
  switch (layer.getClassName()) {
    case 'Activation': return String(cfg.activation ?? 'linear');
    case 'ReLU': return cfg.maxValue === 6 ? 'relu6' : cfg.maxValue != null ? `relu(max ${String(cfg.maxValue)})` : 'relu';
    case 'LeakyReLU': return 'leakyrelu';
    case 'ELU': return 'elu';
    case 'Softmax': return 'softmax';
    default: return layer.getClassName().toLowerCase();
  }
}

function batchNormOnLastAxis(bn: TLayer, outRank: number): boolean {
  const axis = bn.getConfig().axis;
  const a = Array.isArray(axis) ? (axis.length === 1 ? Number(axis[0]) : NaN) : Number(axis ?? -1);
  return a === -1 || a === outRank - 1;
}

function shapeOf(layer: TLayer): (number | null)[] {
  const s = layer.outputShape as (number | null)[] | (number | null)[][];
  const one = Array.isArray(s[0]) ? (s[0] as (number | null)[]) : (s as (number | null)[]);
  return one.slice(1);
}

function inputShapeOf(layer: TLayer): (number | null)[] {
  const src = layer.inboundNodes[0]?.inboundLayers[0];
  return src ? shapeOf(src) : [];
}

function product(dims: readonly (number | null)[]): number {
  return dims.reduce<number>((a, d) => a * (d ?? NaN), 1);
}

/** MACs per example; spatial dims that are unknown (null) count as 0 and are reported. */
export function layerMacs(kind: LayerKind, weightShape: number[], outputShape: (number | null)[], inputShape: (number | null)[]): number {
  const kernel = product(weightShape);
  let m: number;
  if (kind === 'dense') m = kernel * product(inputShape.slice(0, -1));
  else m = kernel * product(outputShape.slice(0, -1));
  return Number.isFinite(m) ? m : 0;
}

/**
 * Walks back from a layer's inputs through non-quantizable layers to the quantizable
 * layers (their chains) or the model input (−1) that feed it.
 */
function producersOf(layer: TLayer, chainOf: ReadonlyMap<string, number>): number[] {
  const found = new Set<number>();
  const seen = new Set<TLayer>();
  const stack = [...(layer.inboundNodes[0]?.inboundLayers ?? [])];
  while (stack.length > 0) {
    const l = stack.pop()!;
    if (seen.has(l)) continue;
    seen.add(l);
    const q = chainOf.get(l.name);
    if (q !== undefined) found.add(q);
    else if (l.getClassName() === 'InputLayer' || l.inboundNodes.length === 0) found.add(-1);
    else stack.push(...(l.inboundNodes[0]?.inboundLayers ?? []));
  }
  return [...found].sort((a, b) => a - b);
}

interface BnWeights { gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array; epsilon: number }

function batchNormWeights(bn: TLayer, filters: number): BnWeights {
  const cfg = bn.getConfig();
  const w = bn.getWeights();
  let i = 0;
  const gamma = cfg.scale === false ? filled(filters, 1) : values(w[i++]);
  const beta = cfg.center === false ? filled(filters, 0) : values(w[i++]);
  const mean = values(w[i]);
  const variance = values(w[i + 1]);
  return { gamma, beta, mean, variance, epsilon: Number(cfg.epsilon ?? 1e-3) };
}

function skipReason(layer: TLayer, cls: string): string | null {
  if (cls === 'Sequential' || cls === 'Model' || cls === 'Functional') return 'nested model: not inspected (flatten it before loading)';
  if (cls === 'SeparableConv2D') return 'separable convolution is not quantized yet';
  if (cls === 'BatchNormalization') return 'batch norm not directly after a conv/dense layer: left in float';
  if (layer.countParams() > 0) return `${cls} weights are not quantized`;
  return null;
}

/**
 * Lists quantizable layers (with folded weights) and the weighted layers left out.
 * Throws only on a corrupt layer (e.g. BN size ≠ filters), never on an unknown class.
 * `kernels`: where kernels can be read in place (see weightViews.ts); a writable source's
 * kernels become the layers' weights, folded in place, so no kernel is copied.
 */
export function listLayersModelLayers(
  model: LayersModel, unsupported: ReadonlySet<string> = new Set(), kernels?: KernelSource,
): { layers: QuantLayer[]; skipped: SkippedLayer[] } {
  const layers: QuantLayer[] = [];
  const skipped: SkippedLayer[] = [];
  const folded = new Set<string>();
  /** Layer name → index of the quantizable layer whose chain (layer, BN, activation) holds it. */
  const chainOf = new Map<string, number>();
  const all = model.layers as unknown as TLayer[];
  for (const layer of all) {
    const cls = layer.getClassName();
    const kind = KIND[cls];
    if (!kind) continue;
    const cfg = layer.getConfig();
    if (cfg.dataFormat === 'channelsFirst') {
      skipped.push({ name: layer.name, op: cls, reason: 'channels-first layout is not supported' });
      continue;
    }
    const [kernelT, biasT] = layer.getWeights();
    const weightShape = kernelT.shape.slice();
    const filters = kind === 'depthwise' ? weightShape[2] * weightShape[3] : weightShape[weightShape.length - 1];
    const kernelName = layer.weights?.[0]?.originalName;
    const shared = kernels && kernelName ? kernels.view(kernelName, kernelT.size) : null;
    let weights: Float32Array | null = null;
    let bias = cfg.useBias === false || !biasT ? new Float32Array(filters) : values(biasT);
    let activation = String(cfg.activation ?? 'linear');
    let point: TLayer = layer;
    let foldedBatchNorm: string | null = null;
    const outputShape = shapeOf(layer);
    if (activation === 'linear') {
      const next = soleConsumer(point);
      if (next && next.getClassName() === 'BatchNormalization' && batchNormOnLastAxis(next, outputShape.length + 1)) {
        // The fold writes a new array (or the writable shared kernel itself): read the kernel
        // in place rather than copy it first.
        const into = shared && kernels?.writable ? shared : undefined;
        const f = foldBatchNorm(shared ?? peek(kernelT), bias, filters, batchNormWeights(next, filters), into);
        weights = f.weights;
        bias = f.bias;
        foldedBatchNorm = next.name;
        folded.add(next.name);
        point = next;
      }
      const act = soleConsumer(point);
      if (act && ACTIVATION_LAYERS.has(act.getClassName())) {
        activation = activationName(act);
        point = act;
      }
    }
    weights ??= shared ?? values(kernelT);
    for (const n of [layer.name, foldedBatchNorm, point.name]) if (n) chainOf.set(n, layers.length);
    layers.push({
      name: layer.name, kind, op: cls, weightShape, filters, params: weights.length,
      macs: layerMacs(kind, weightShape, outputShape, inputShapeOf(layer)),
      outputShape, weights, bias, foldedBatchNorm, activation, activationPoint: point.name, producers: [],
    });
  }
  for (const q of layers) q.producers = producersOf(model.getLayer(q.name) as unknown as TLayer, chainOf);
  for (const layer of all) {
    const cls = layer.getClassName();
    if (KIND[cls] || folded.has(layer.name)) continue;
    const reason = unsupported.has(cls) ? 'layer class unknown to TensorFlow.js: cannot run, not quantized' : skipReason(layer, cls);
    if (reason) skipped.push({ name: layer.name, op: cls, reason });
  }
  return { layers, skipped };
}
