/**
 * Quantizable nodes of a tfjs graph model: Conv2D / _FusedConv2D, DepthwiseConv2dNative /
 * FusedDepthwiseConv2dNative and MatMul / _FusedMatMul with a constant kernel.
 *
 * As in layers.ts, the layer extends through directly following nodes (single consumer):
 * a BiasAdd/Add of a constant, a FusedBatchNorm(V3) (folded into the kernel, fold.ts), and
 * an activation op. Fused ops carry their bias and activation already (the converter folds
 * batch norm into the kernel on export, so a converted graph usually has nothing to fold).
 *
 * tfjs-free: the constants come through a GraphWeights reader, so the same listing runs
 * on a loaded tfjs GraphModel (graphLayers.ts) and on the model files alone
 * (graphWeightsOnly.ts, the CLI's weights-only analysis).
 */
import type { LayerKind } from '../quant/types';
import { ModelLoadError } from './errors';
import { foldBatchNorm } from './fold';
import {
  attrBool, attrNumber, attrString, attrStrings, constSource, soleGraphConsumer,
  type GraphNode, type GraphTopology,
} from './graphTopology';
import { inferGraphShapes, type ConstReader } from './graphShapes';
import { layerMacs } from './layers';
import type { QuantLayer, SkippedLayer } from './types';
import type { KernelSource } from './weightViews';

/** The graph's constant tensors by node name. */
export interface GraphWeights {
  /** The constant's shape, or null when the manifest has no such weight. */
  shape(name: string): number[] | null;
  /** The constant's values as float32 (a new array the caller may keep). */
  values(name: string): Float32Array;
}

/** A graph input as tfjs sees it: the node name and its shape (undefined: unknown rank). */
export interface GraphInput {
  name: string;
  shape: number[] | undefined;
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

export interface GraphListingContext {
  weights: GraphWeights;
  inputs: readonly GraphInput[];
  /** False for a node whose op tfjs cannot run. */
  supported(node: GraphNode): boolean;
  /**
   * Output shapes (batch dropped) of nodes the graph alone gives no shape for, by running
   * the model; absent where the model cannot be run (those layers keep an empty shape).
   */
  probe?: (nodeNames: string[]) => { shapes: Map<string, (number | null)[]>; backend: string };
  /** Where kernels can be read in place (weightViews.ts; never written here). */
  kernels?: KernelSource;
}

const KIND: Record<string, LayerKind> = {
  Conv2D: 'conv2d', _FusedConv2D: 'conv2d',
  DepthwiseConv2dNative: 'depthwise', DepthwiseConv2d: 'depthwise', FusedDepthwiseConv2dNative: 'depthwise',
  MatMul: 'dense', _FusedMatMul: 'dense',
};
const ACTIVATION_OPS = new Set(['Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softmax', 'Softplus', 'Prelu']);
const BATCH_NORM_OPS = new Set(['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3']);
/** Ops with constant float weights that the studio leaves in float. */
const WEIGHTED_OPS = new Set(['Conv2DBackpropInput', 'Conv3D', 'Conv1D', 'BatchMatMul', 'BatchMatMulV2', 'Einsum', ...BATCH_NORM_OPS]);

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

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
  topo: GraphTopology, weights: GraphWeights, node: GraphNode, kind: LayerKind, kernels?: KernelSource,
): Candidate | string {
  const format = attrString(node, 'data_format', 'NHWC');
  if (kind !== 'dense' && format !== 'NHWC') return `data format ${format} is not supported`;
  const wName = constSource(topo, node.inputs[1]);
  if (!wName) return 'kernel is not a constant';
  if (kind === 'dense' && constSource(topo, node.inputs[0])) return 'left operand is a constant';
  let shape = weights.shape(wName) ?? [];
  // A kernel read in place is only read: the GraphModel keeps these bytes (for export), so
  // the fold below and transpose2d always write new arrays.
  let w: Float32Array = kernels?.view(wName, size(shape)) ?? weights.values(wName);
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
    bias = weights.values(bName);
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
      if (bName && size(weights.shape(bName) ?? []) === filters && next.inputs.length === 2) {
        bias = weights.values(bName);
        point = next;
        chain.push(point.name);
        next = soleGraphConsumer(topo, point);
      }
    }
    if (next && BATCH_NORM_OPS.has(next.op) && next.inputs[0] === point.name) {
      const [gamma, beta, mean, variance] = next.inputs.slice(1, 5).map((n) => constSource(topo, n));
      if (gamma && beta && mean && variance) {
        const f = foldBatchNorm(w, bias, filters, {
          gamma: weights.values(gamma), beta: weights.values(beta),
          mean: weights.values(mean), variance: weights.values(variance),
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

/** Small integer-like constants for the shape rules (reshape targets, axes, paddings). */
function constReader(weights: GraphWeights): ConstReader {
  return {
    shape: (name) => weights.shape(name),
    values: (name) => {
      const s = weights.shape(name);
      if (!s || size(s) > 64) return null;
      return Array.from(weights.values(name), Number);
    },
  };
}

/**
 * Output shapes (batch dropped) of the given nodes: statically from the graph where its ops
 * allow (graphShapes.ts), by the context's probe for the remaining nodes otherwise.
 */
function graphOutputShapes(
  topo: GraphTopology, ctx: GraphListingContext, nodeNames: string[], runnable: boolean,
): { shapes: Map<string, (number | null)[]>; source: ShapeSource } {
  const shapes = new Map<string, (number | null)[]>();
  const inputs = new Map<string, number[]>();
  if (ctx.inputs.length === 1) {
    const dims = (ctx.inputs[0].shape ?? []).slice(1);
    if (dims.every((d) => d != null && d >= 0)) inputs.set(ctx.inputs[0].name, [1, ...dims]);
  }
  const found = inputs.size > 0 ? inferGraphShapes(topo, constReader(ctx.weights), inputs, nodeNames) : new Map();
  const missing: string[] = [];
  for (const n of nodeNames) {
    const s = found.get(n);
    if (s) shapes.set(n, s.slice(1));
    else missing.push(n);
  }
  const source: ShapeSource = { static: shapes.size, probed: 0 };
  if (missing.length > 0 && runnable && inputs.size > 0 && ctx.probe) {
    const probed = ctx.probe(missing);
    for (const [n, s] of probed.shapes) shapes.set(n, s);
    source.probed = missing.length;
    source.backend = probed.backend;
  }
  return { shapes, source };
}

/**
 * The quantizable layers of a graph, what is skipped and why, and where the output shapes
 * came from. Throws ModelLoadError for a Const node without a weight.
 */
export function listGraphLayers(
  topo: GraphTopology, ctx: GraphListingContext,
): { layers: QuantLayer[]; skipped: SkippedLayer[]; shapeSource: ShapeSource } {
  const candidates: Candidate[] = [];
  const skipped: SkippedLayer[] = [];
  for (const node of topo.order) {
    if (node.op === 'Const' && !ctx.weights.shape(node.name)) {
      throw new ModelLoadError(`model.json: constant node '${node.name}' has no weight in weightsManifest`, 'model.json');
    }
    if (!ctx.supported(node)) {
      skipped.push({ name: node.name, op: node.op, reason: 'op not supported by TensorFlow.js: the model cannot run' });
      continue;
    }
    const kind = KIND[node.op];
    if (!kind) continue;
    const got = extractNode(topo, ctx.weights, node, kind, ctx.kernels);
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
  const { shapes, source } = graphOutputShapes(topo, ctx, candidates.map((c) => c.shapeNode), runnable);
  const chainOf = new Map<string, number>();
  candidates.forEach((c, i) => c.chain.forEach((n) => chainOf.set(n, i)));
  const inputDims = (ctx.inputs[0]?.shape ?? []).slice(1).map((d) => (d == null || d < 0 ? null : d));
  const layers = candidates.map(({ layer, shapeNode }): QuantLayer => {
    const outputShape = shapes.get(shapeNode) ?? [];
    // A graph MatMul is 2-D ([batch, in] × [in, units]): one example is one row, MACs = in·units.
    const macs = layer.kind === 'dense' ? layer.params : layerMacs(layer.kind, layer.weightShape, outputShape, inputDims);
    return { ...layer, outputShape, macs, producers: graphProducers(topo, layer.name, chainOf) };
  });
  return { layers, skipped, shapeSource: source };
}
