/**
 * Quantizable layers of an ONNX graph: Conv (grouped and depthwise), ConvTranspose, Gemm
 * (transB either way) and MatMul with one constant 2-D operand. A BatchNormalization that
 * directly follows a Conv (its sole consumer, constant statistics) is folded into the
 * kernel and bias, as the tfjs path does; the activation point then moves past the BN,
 * a directly following bias Add (MatMul + Add, as tf2onnx and PyTorch write dense layers)
 * and a directly following activation op.
 *
 * Weights are handed to the quantizer in the studio's channels-last view (layout.ts), so
 * filter i % filters is output channel i for every kind; the runtime maps them back.
 * Other ops are run by onnxruntime untouched; nodes that carry weights but are not one of
 * the kinds above (LSTM, a MatMul of two activations, …) are listed as skipped.
 */
import type { LayerKind } from '../../quant/types';
import type { QuantLayer, SkippedLayer } from '../types';
import { attrFloat, attrInt, constantFloats, nodeLabel, type ConstantTensor, type ParsedOnnx } from './graph';
import { toView, type WeightLayout } from './layout';
import type { OnnxNode } from './proto';
import type { Shape } from './shapes';

/** A quantizable layer as every runtime lists it (channels-last view, BN folded), plus what ONNX needs. */
export interface OnnxLayer extends QuantLayer {
  /** ONNX specifics the runtime needs to feed quantized weights back. */
  onnx: {
    node: OnnxNode;
    /** Index of the weight operand in node.input (1, or 0 for a constant-first MatMul). */
    weightSlot: number;
    /** Kernel dims as the node reads them (OIHW for Conv). */
    weightDims: number[];
    /** Element type the node reads the weight as (FLOAT or FLOAT16). */
    weightType: number;
    layout: WeightLayout;
    /** Folded bias to feed (Conv/Gemm slot 2), when a BN was folded. */
    feedsBias: boolean;
    /** Name of the folded BN node's output (rewired to the layer's output), if any. */
    bnOutput: string | null;
  };
}

interface LayerScan {
  layers: OnnxLayer[];
  skipped: SkippedLayer[];
  /** Graph parameters: every float constant's element count. */
  parameters: number;
}

const ACTIVATIONS: Record<string, string> = {
  Relu: 'relu', LeakyRelu: 'leakyrelu', Sigmoid: 'sigmoid', Tanh: 'tanh', Elu: 'elu', Selu: 'selu',
  HardSigmoid: 'hardsigmoid', HardSwish: 'hardswish', Softmax: 'softmax', Gelu: 'gelu', Softplus: 'softplus', Mish: 'mish',
};
const WEIGHTED_OTHERS = new Set(['LSTM', 'GRU', 'RNN', 'Attention', 'Einsum', 'ConvInteger', 'MatMulInteger', 'QLinearConv', 'QLinearMatMul', 'DeformConv']);

const prod = (xs: number[]) => xs.reduce((p, d) => p * d, 1);

/** The only node reading `tensor`, when the tensor is not also a graph output. */
function soleConsumer(parsed: ParsedOnnx, tensor: string): OnnxNode | null {
  const c = parsed.consumersOf.get(tensor) ?? [];
  return c.length === 1 && !parsed.outputs.includes(tensor) ? c[0] : null;
}

function activationOf(parsed: ParsedOnnx, node: OnnxNode): string | null {
  const op = node.op_type ?? '';
  if (op === 'Clip') {
    const lo = node.input[1] ? parsed.constants.get(node.input[1]) : undefined;
    const hi = node.input[2] ? parsed.constants.get(node.input[2]) : undefined;
    const min = lo ? constantFloats(parsed, lo)[0] : attrFloat(node, 'min', -Infinity);
    const max = hi ? constantFloats(parsed, hi)[0] : attrFloat(node, 'max', Infinity);
    return min === 0 && max === 6 ? 'relu6' : `clip(${min},${max})`;
  }
  return ACTIVATIONS[op] ?? null;
}

interface Found { kind: LayerKind; weight: ConstantTensor; slot: number; layout: WeightLayout; dims: number[]; group: number }

/** The kind and weight of a quantizable node, or the reason it is not one. */
function classify(parsed: ParsedOnnx, node: OnnxNode): Found | string | null {
  const op = node.op_type ?? '';
  const c = (i: number) => (node.input[i] ? parsed.constants.get(node.input[i]) : undefined);
  if (op === 'Conv' || op === 'ConvTranspose') {
    const w = c(1);
    if (!w) return 'its kernel is computed at run time, not a constant';
    if (w.dims.length < 3) return `kernel dims [${w.dims.join(',')}] are not [O, I/groups, k…]`;
    const group = attrInt(node, 'group', 1);
    if (op === 'ConvTranspose') return { kind: 'conv2d', weight: w, slot: 1, layout: { type: 'convTranspose', dims: w.dims, group }, dims: w.dims, group };
    const dw = group > 1 && w.dims[1] === 1;
    return { kind: dw ? 'depthwise' : 'conv2d', weight: w, slot: 1, layout: { type: 'conv', dims: w.dims, group }, dims: w.dims, group };
  }
  if (op === 'Gemm') {
    const w = c(1);
    if (!w || w.dims.length !== 2) return c(0) ? 'its constant operand is A, not B' : 'operand B is computed at run time';
    if (attrInt(node, 'transA', 0) === 1 && c(0)) return 'transA with a constant A';
    const transB = attrInt(node, 'transB', 0) === 1;
    return { kind: 'dense', weight: w, slot: 1, layout: { type: transB ? 'rowsOut' : 'colsOut', dims: w.dims, group: 1 }, dims: w.dims, group: 1 };
  }
  if (op === 'MatMul') {
    const b = c(1);
    const a = c(0);
    if (b && b.dims.length === 2 && !a) return { kind: 'dense', weight: b, slot: 1, layout: { type: 'colsOut', dims: b.dims, group: 1 }, dims: b.dims, group: 1 };
    if (a && a.dims.length === 2 && !b) return { kind: 'dense', weight: a, slot: 0, layout: { type: 'rowsOut', dims: a.dims, group: 1 }, dims: a.dims, group: 1 };
    if (!a && !b) return null;
    return 'its constant operand is not 2-D';
  }
  if (WEIGHTED_OTHERS.has(op) && node.input.some((i) => parsed.constants.has(i))) return `${op} is not a layer kind the studio quantizes; left float`;
  return null;
}

function viewShape(f: Found): number[] {
  const d = f.dims;
  if (f.layout.type === 'conv') {
    if (f.kind === 'depthwise') return [...d.slice(2), f.group, d[0] / f.group];
    return [...d.slice(2), d[1], d[0]];
  }
  if (f.layout.type === 'convTranspose') return [...d.slice(2), d[0] / f.group, d[1] * f.group];
  return f.layout.type === 'colsOut' ? [d[0], d[1]] : [d[1], d[0]];
}

function macsOf(f: Found, node: OnnxNode, shapes: Map<string, Shape>, out: Shape | undefined, filters: number): number {
  const params = prod(f.dims);
  if (f.layout.type === 'convTranspose') {
    const x = shapes.get(node.input[0]);
    return x ? prod(x.slice(2)) * params : 0;
  }
  if (!out) return 0;
  // Dense: every output value is one dot product of K = params / filters terms.
  if (f.kind === 'dense') return (prod(out) / (out[0] || 1)) * (params / filters);
  return prod(out.slice(2)) * params;
}

function foldableBn(parsed: ParsedOnnx, node: OnnxNode): { bn: OnnxNode; stats: Float32Array[]; eps: number } | null {
  if (node.op_type !== 'Conv') return null;
  const bn = soleConsumer(parsed, node.output[0]);
  if (bn?.op_type !== 'BatchNormalization' || bn.input[0] !== node.output[0] || bn.output.filter(Boolean).length !== 1) return null;
  const stats = bn.input.slice(1, 5).map((n) => parsed.constants.get(n));
  if (stats.length !== 4 || stats.some((s) => !s)) return null;
  return { bn, stats: stats.map((s) => constantFloats(parsed, s!)), eps: attrFloat(bn, 'epsilon', 1e-5) };
}

/** Lists the quantizable layers (weights in the channels-last view, BN folded). */
export function scanLayers(parsed: ParsedOnnx, shapes: Map<string, Shape>, inputName: string): LayerScan {
  const layers: OnnxLayer[] = [];
  const skipped: SkippedLayer[] = [];
  const names = new Set<string>();
  const pointOf = new Map<string, number>();
  parsed.nodes.forEach((node, index) => {
    const found = classify(parsed, node);
    if (found === null) return;
    let name = nodeLabel(node, index);
    while (names.has(name)) name = `${name}_${index}`;
    names.add(name);
    if (typeof found === 'string') {
      skipped.push({ name, op: node.op_type ?? '', reason: found });
      return;
    }
    const raw = constantFloats(parsed, found.weight);
    const weights = toView(raw, found.layout);
    const view = viewShape(found);
    // Depthwise views read [k…, in, mult] like tfjs; the filters are still all in·mult outputs.
    const filters = found.kind === 'depthwise' ? found.dims[0] : view[view.length - 1];
    const biasConst = (node.op_type === 'Conv' || node.op_type === 'ConvTranspose' || node.op_type === 'Gemm') && node.input[2] ? parsed.constants.get(node.input[2]) : undefined;
    let bias = biasConst ? constantFloats(parsed, biasConst) : new Float32Array(filters);
    if (bias.length !== filters) bias = new Float32Array(filters);
    let tail = node.output[0];
    let folded: string | null = null;
    const bn = foldableBn(parsed, node);
    if (bn) {
      const [gamma, beta, mean, variance] = bn.stats;
      const folding = new Float32Array(filters);
      for (let o = 0; o < filters; o++) folding[o] = gamma[o] / Math.sqrt(variance[o] + bn.eps);
      for (let i = 0; i < weights.length; i++) weights[i] *= folding[i % filters];
      bias = bias.map((b, o) => (b - mean[o]) * folding[o] + beta[o]);
      folded = nodeLabel(bn.bn, parsed.nodes.indexOf(bn.bn));
      tail = bn.bn.output[0];
    }
    const out = shapes.get(tail);
    const add = found.kind === 'dense' ? soleConsumer(parsed, tail) : null;
    if (add?.op_type === 'Add') {
      const other = add.input[0] === tail ? add.input[1] : add.input[0];
      const c = parsed.constants.get(other);
      if (c && prod(c.dims) === filters) {
        bias = constantFloats(parsed, c).slice();
        tail = add.output[0];
      }
    }
    let activation = 'linear';
    const next = soleConsumer(parsed, tail);
    const act = next && next.input[0] === tail ? activationOf(parsed, next) : null;
    const chain = [node.output[0], ...(bn ? [bn.bn.output[0]] : []), tail];
    if (act && next) {
      activation = act;
      tail = next.output[0];
      chain.push(tail);
    }
    const i = layers.length;
    for (const t of chain) pointOf.set(t, i);
    layers.push({
      name, kind: found.kind, op: node.op_type ?? '', weightShape: view, filters, params: weights.length,
      macs: macsOf(found, node, shapes, out, filters), outputShape: out ? out.slice(1) : [],
      weights, bias, foldedBatchNorm: folded, activation, activationPoint: tail, producers: [],
      onnx: {
        node, weightSlot: found.slot, weightDims: found.dims, weightType: found.weight.elemType, layout: found.layout,
        feedsBias: bn !== null, bnOutput: bn ? bn.bn.output[0] : null,
      },
    });
  });
  for (const layer of layers) layer.producers = producersOf(parsed, layer, pointOf, inputName);
  let parameters = 0;
  for (const t of new Set([...parsed.constants.values()].map((c) => c.tensor))) if (t.data_type === 1 || t.data_type === 10 || t.data_type === 16) parameters += prod(t.dims);
  return { layers, skipped, parameters };
}

/** Quantizable layers (or −1, the input) whose activation points feed this layer's data input. */
function producersOf(parsed: ParsedOnnx, layer: OnnxLayer, pointOf: Map<string, number>, inputName: string): number[] {
  const found = new Set<number>();
  const seen = new Set<string>();
  const data = layer.onnx.node.input.filter((n, k) => n && k !== layer.onnx.weightSlot && !parsed.constants.has(n));
  const stack = data.slice(0, 1);
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    const p = pointOf.get(t);
    if (p !== undefined) {
      found.add(p);
      continue;
    }
    if (t === inputName) {
      found.add(-1);
      continue;
    }
    const node = parsed.producerOf.get(t);
    if (node) for (const n of node.input) if (n && !parsed.constants.has(n)) stack.push(n);
  }
  return [...found].sort((a, b) => a - b);
}
