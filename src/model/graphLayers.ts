/**
 * Quantizable nodes of a tfjs GraphModel: Conv2D / _FusedConv2D, DepthwiseConv2dNative /
 * FusedDepthwiseConv2dNative and MatMul / _FusedMatMul with a constant kernel.
 *
 * As in layers.ts, the layer extends through directly following nodes (single consumer):
 * a BiasAdd/Add of a constant, a FusedBatchNorm(V3) (folded into the kernel, fold.ts), and
 * an activation op. Fused ops carry their bias and activation already (the converter folds
 * batch norm into the kernel on export, so a converted graph usually has nothing to fold).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayerKind } from '../quant/types';
import { ModelLoadError } from './errors';
import { foldBatchNorm } from './fold';
import type { KernelSource } from './weightViews';
import {
  attrBool, attrNumber, attrString, attrStrings, constSource, soleGraphConsumer,
  type GraphNode, type GraphTopology,
} from './graphTopology';
import { inferGraphShapes, type ConstReader } from './graphShapes';
import { layerMacs } from './layers';
import type { QuantLayer, SkippedLayer } from './types';

const KIND: Record<string, LayerKind> = {
  Conv2D: 'conv2d', _FusedConv2D: 'conv2d',
  DepthwiseConv2dNative: 'depthwise', DepthwiseConv2d: 'depthwise', FusedDepthwiseConv2dNative: 'depthwise',
  MatMul: 'dense', _FusedMatMul: 'dense',
};
const ACTIVATION_OPS = new Set(['Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softmax', 'Softplus', 'Prelu']);
const BATCH_NORM_OPS = new Set(['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3']);
/** Ops with constant float weights that the studio leaves in float. */
const WEIGHTED_OPS = new Set(['Conv2DBackpropInput', 'Conv3D', 'Conv1D', 'BatchMatMul', 'BatchMatMulV2', 'Einsum', ...BATCH_NORM_OPS]);

type Weights = Record<string, tf.Tensor[]>;

function constValues(weights: Weights, name: string): Float32Array {
  const t = weights[name]?.[0];
  if (!t) throw new ModelLoadError(`model.json: constant '${name}' has no weight in weightsManifest`, 'model.json');
  return Float32Array.from(t.dataSync() as Float32Array);
}

function constShape(weights: Weights, name: string): number[] {
  return weights[name]?.[0]?.shape.slice() ?? [];
}

/** [r, c] row-major → [c, r]. */
function transpose2d(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}

interface Candidate {
  layer: Omit<QuantLayer, 'macs' | 'outputShape' | 'producers'>;
  /** Nodes merged into this layer: the op, bias add, folded BN, activation. */
  chain: string[];
  /** Node whose output shape gives the spatial size (the conv / matmul itself). */
  shapeNode: string;
}

function extractNode(
  topo: GraphTopology, weights: Weights, node: GraphNode, kind: LayerKind, kernels?: KernelSource,
): Candidate | string {
  const format = attrString(node, 'data_format', 'NHWC');
  if (kind !== 'dense' && format !== 'NHWC') return `data format ${format} is not supported`;
  const wName = constSource(topo, node.inputs[1]);
  if (!wName) return 'kernel is not a constant';
  if (kind === 'dense' && constSource(topo, node.inputs[0])) return 'left operand is a constant';
  let shape = constShape(weights, wName);
  // A kernel read in place is only read: the GraphModel keeps these bytes (for export), so
  // the fold below and transpose2d always write new arrays.
  let w: Float32Array = kernels?.view(wName, shape.reduce((a, b) => a * b, 1)) ?? constValues(weights, wName);
  if (kind === 'dense') {
    if (shape.length !== 2) return `kernel of rank ${shape.length} (expected 2)`;
    if (attrBool(node, 'transpose_a')) return 'transpose_a is not supported';
    if (attrBool(node, 'transpose_b')) {
      w = transpose2d(w, shape[0], shape[1]);
      shape = [shape[1], shape[0]];
    }
  } else if (shape.length !== 4) return `kernel of rank ${shape.length} (expected 4)`;
  const filters = kind === 'depthwise' ? shape[2] * shape[3] : shape[shape.length - 1];
  let bias: Float32Array = new Float32Array(filters);
  let activation = 'linear';
  const fused = attrStrings(node, 'fused_ops');
  if (fused.length > 0) {
    if (fused[0] !== 'BiasAdd') return `fused ops [${fused.join(', ')}] are not supported`;
    const bName = constSource(topo, node.inputs[2]);
    if (!bName) return 'fused bias is not a constant';
    bias = constValues(weights, bName);
    if (fused[1]) activation = fused[1].toLowerCase();
  }
  let point = node;
  const chain = [node.name];
  let foldedBatchNorm: string | null = null;
  if (activation === 'linear') {
    let next = soleGraphConsumer(topo, point);
    if (next && fused.length === 0 && (next.op === 'BiasAdd' || next.op === 'Add' || next.op === 'AddV2')) {
      const other = next.inputs.find((n) => n !== point.name);
      const bName = constSource(topo, other);
      if (bName && constShape(weights, bName).reduce((a, b) => a * b, 1) === filters && next.inputs.length === 2) {
        bias = constValues(weights, bName);
        point = next;
        chain.push(point.name);
        next = soleGraphConsumer(topo, point);
      }
    }
    if (next && BATCH_NORM_OPS.has(next.op) && next.inputs[0] === point.name) {
      const [gamma, beta, mean, variance] = next.inputs.slice(1, 5).map((n) => constSource(topo, n));
      if (gamma && beta && mean && variance) {
        const f = foldBatchNorm(w, bias, filters, {
          gamma: constValues(weights, gamma), beta: constValues(weights, beta),
          mean: constValues(weights, mean), variance: constValues(weights, variance),
          epsilon: attrNumber(next, 'epsilon', 1e-3),
        });
        w = f.weights;
        bias = f.bias;
        foldedBatchNorm = next.name;
        point = next;
        chain.push(point.name);
        next = soleGraphConsumer(topo, point);
      }
    }
    if (next && ACTIVATION_OPS.has(next.op) && next.inputs[0] === point.name) {
      activation = next.op.toLowerCase();
      point = next;
      chain.push(point.name);
    }
  }
  return {
    shapeNode: node.name,
    chain,
    layer: {
      name: node.name, kind, op: node.op, weightShape: shape, filters, params: w.length,
      weights: w, bias, foldedBatchNorm, activation, activationPoint: point.name,
    },
  };
}

/** As producersOf in layers.ts, over graph nodes: Placeholders are the model input (−1). */
function graphProducers(topo: GraphTopology, name: string, chainOf: ReadonlyMap<string, number>): number[] {
  const found = new Set<number>();
  const seen = new Set<string>();
  const stack = [topo.nodes.get(name)?.inputs[0]].filter((n): n is string => !!n);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const node = topo.nodes.get(n);
    const q = chainOf.get(n);
    if (q !== undefined) found.add(q);
    else if (!node || node.op.startsWith('Placeholder')) found.add(-1);
    else if (node.op !== 'Const') stack.push(...node.inputs);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * Output shapes (batch dropped) of the given nodes, from one run of those nodes on a zero
 * batch of one image, on the current backend (the fastest one set up). Only for nodes whose
 * shape the graph alone does not give (graphShapes.ts).
 */
export function probeShapes(model: GraphModel, nodeNames: string[]): Map<string, (number | null)[]> {
  const shapes = new Map<string, (number | null)[]>();
  const input = model.inputs[0];
  if (model.inputs.length !== 1 || !input.shape || nodeNames.length === 0) return shapes;
  const dims = input.shape.slice(1);
  if (dims.some((d) => d == null || d < 0)) return shapes;
  tf.tidy(() => {
    const first = input.shape?.[0] ?? -1;
    const batch = first > 0 ? first : 1; // a fixed batch must be honoured, else 1
    const x = tf.zeros([batch, ...(dims as number[])], input.dtype as tf.DataType);
    const outs = model.execute(x, nodeNames) as tf.Tensor | tf.Tensor[];
    (Array.isArray(outs) ? outs : [outs]).forEach((t, i) => shapes.set(nodeNames[i], t.shape.slice(1)));
  });
  return shapes;
}

/** How the layers' output shapes were found: from the graph, or by running some nodes. */
export interface ShapeSource {
  /** Shapes read from the graph alone. */
  static: number;
  /** Shapes found by running the model on one image (ops the static rules do not cover). */
  probed: number;
  /** Backend the probe ran on, when it ran. */
  backend?: string;
}

function graphConsts(weights: Weights): ConstReader {
  return {
    shape: (name) => weights[name]?.[0]?.shape.slice() ?? null,
    values: (name) => {
      const t = weights[name]?.[0];
      if (!t || t.size > 64) return null;
      return Array.from(t.dataSync() as ArrayLike<number>, Number);
    },
  };
}

/**
 * Output shapes (batch dropped) of the given nodes: statically from the graph where its ops
 * allow (graphShapes.ts), by a one-image probe of the remaining nodes otherwise.
 */
function graphOutputShapes(
  model: GraphModel, topo: GraphTopology, nodeNames: string[], runnable: boolean,
): { shapes: Map<string, (number | null)[]>; source: ShapeSource } {
  const shapes = new Map<string, (number | null)[]>();
  const inputs = new Map<string, number[]>();
  if (model.inputs.length === 1) {
    const dims = (model.inputs[0].shape ?? []).slice(1);
    if (dims.every((d) => d != null && d >= 0)) inputs.set(model.inputs[0].name, [1, ...dims]);
  }
  const found = inputs.size > 0 ? inferGraphShapes(topo, graphConsts(model.weights as unknown as Weights), inputs, nodeNames) : new Map();
  const missing: string[] = [];
  for (const n of nodeNames) {
    const s = found.get(n);
    if (s) shapes.set(n, s.slice(1));
    else missing.push(n);
  }
  const source: ShapeSource = { static: shapes.size, probed: 0 };
  if (missing.length > 0 && runnable && inputs.size > 0) {
    for (const [n, s] of probeShapes(model, missing)) shapes.set(n, s);
    source.probed = missing.length;
    source.backend = tf.getBackend();
  }
  return { shapes, source };
}

/** `kernels`: where kernels can be read in place (weightViews.ts; never written here). */
export function listGraphModelLayers(
  model: GraphModel, topo: GraphTopology, kernels?: KernelSource,
): { layers: QuantLayer[]; skipped: SkippedLayer[]; shapeSource: ShapeSource } {
  const weights = model.weights as unknown as Weights;
  const candidates: Candidate[] = [];
  const skipped: SkippedLayer[] = [];
  const mapped = (model as unknown as { executor?: { graph?: { nodes?: Record<string, { category?: string }> } } })
    .executor?.graph?.nodes;
  for (const node of topo.order) {
    if (node.op === 'Const' && !weights[node.name]) {
      throw new ModelLoadError(`model.json: constant node '${node.name}' has no weight in weightsManifest`, 'model.json');
    }
    if (mapped && mapped[node.name] && mapped[node.name].category === undefined) {
      skipped.push({ name: node.name, op: node.op, reason: 'op not supported by TensorFlow.js: the model cannot run' });
      continue;
    }
    const kind = KIND[node.op];
    if (!kind) continue;
    const got = extractNode(topo, weights, node, kind, kernels);
    if (typeof got === 'string') skipped.push({ name: node.name, op: node.op, reason: got });
    else candidates.push(got);
  }
  const used = new Set(candidates.map((c) => c.layer.foldedBatchNorm).filter(Boolean));
  for (const node of topo.order) {
    if (WEIGHTED_OPS.has(node.op) && !used.has(node.name) && node.inputs.some((n) => constSource(topo, n))) {
      skipped.push({ name: node.name, op: node.op, reason: `${node.op} weights are not quantized` });
    }
  }
  const runnable = skipped.every((s) => !s.reason.includes('cannot run'));
  const { shapes, source } = graphOutputShapes(model, topo, candidates.map((c) => c.shapeNode), runnable);
  const chainOf = new Map<string, number>();
  candidates.forEach((c, i) => c.chain.forEach((n) => chainOf.set(n, i)));
  const inputDims = (model.inputs[0]?.shape ?? []).slice(1).map((d) => (d == null || d < 0 ? null : d));
  const layers = candidates.map(({ layer, shapeNode }): QuantLayer => {
    const outputShape = shapes.get(shapeNode) ?? [];
    // A graph MatMul is 2-D ([batch, in] × [in, units]): one example is one row, MACs = in·units.
    const macs = layer.kind === 'dense' ? layer.params : layerMacs(layer.kind, layer.weightShape, outputShape, inputDims);
    return { ...layer, outputShape, macs, producers: graphProducers(topo, layer.name, chainOf) };
  });
  return { layers, skipped, shapeSource: source };
}
