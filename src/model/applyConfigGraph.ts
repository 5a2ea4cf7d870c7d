/**
 * Where a GraphModel layer's numbers live: the Const nodes holding its kernel, its bias and
 * the batch norm folded into it (graphLayers.ts walked the same nodes to build the
 * QuantLayer), so that a config's quantized kernel can be written back into the graph.
 */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { attrBool, attrNumber, attrStrings, constSource, parseGraphTopology, soleGraphConsumer, type GraphTopology } from './graphTopology';
import type { QuantLayer } from './types';

interface GraphLayerConsts {
  kernel: string;
  /** The kernel is stored [units, in] (MatMul transpose_b). */
  transposed: boolean;
  /** Bias constants folded into the layer (fused bias, BiasAdd/Add of a constant). */
  biases: string[];
  /** FusedBatchNorm constants [scale, offset, mean, variance] and epsilon, when folded. */
  batchNorm: { scale: string; offset: string; mean: string; variance: string; epsilon: number } | null;
}

const topologies = new WeakMap<GraphModel, GraphTopology>();

/** The parsed node list of a loaded GraphModel (from the artifacts tfjs keeps). */
export function graphTopology(model: GraphModel): GraphTopology {
  let topo = topologies.get(model);
  if (!topo) {
    const artifacts = (model as unknown as { artifacts?: { modelTopology?: unknown } }).artifacts;
    if (!artifacts?.modelTopology) throw new Error('this GraphModel keeps no topology to edit');
    topo = parseGraphTopology(artifacts.modelTopology);
    topologies.set(model, topo);
  }
  return topo;
}

/** Finds the constants of `layer` (throws when the graph no longer matches the layer list). */
export function graphLayerConsts(model: GraphModel, layer: QuantLayer): GraphLayerConsts {
  const topo = graphTopology(model);
  const node = topo.nodes.get(layer.name);
  const kernel = node ? constSource(topo, node.inputs[1]) : null;
  if (!node || !kernel) throw new Error(`graph layer '${layer.name}': kernel constant not found`);
  const biases: string[] = [];
  const fused = attrStrings(node, 'fused_ops');
  if (fused[0] === 'BiasAdd') {
    const b = constSource(topo, node.inputs[2]);
    if (b) biases.push(b);
  }
  let point = node;
  let batchNorm: GraphLayerConsts['batchNorm'] = null;
  if (fused.length === 0) {
    const next = soleGraphConsumer(topo, point);
    if (next && (next.op === 'BiasAdd' || next.op === 'Add' || next.op === 'AddV2') && next.inputs.length === 2) {
      const b = constSource(topo, next.inputs.find((n) => n !== point.name));
      if (b) {
        biases.push(b);
        point = next;
      }
    }
  }
  if (layer.foldedBatchNorm) {
    const bn = topo.nodes.get(layer.foldedBatchNorm);
    const [scale, offset, mean, variance] = (bn?.inputs.slice(1, 5) ?? []).map((n) => constSource(topo, n));
    if (!bn || !scale || !offset || !mean || !variance) throw new Error(`graph layer '${layer.name}': batch norm constants not found`);
    batchNorm = { scale, offset, mean, variance, epsilon: attrNumber(bn, 'epsilon', 1e-3) };
  }
  return { kernel, transposed: layer.kind === 'dense' && attrBool(node, 'transpose_b'), biases, batchNorm };
}

/** [r, c] row-major → [c, r]. */
export function transpose2d(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}
