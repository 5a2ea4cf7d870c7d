/**
 * Output shapes of a GraphModel's nodes worked out from the graph alone: the attributes of
 * each op (strides, padding, dilations, kernel sizes, keep_dims…) and the values of the
 * small integer constants some ops read (Reshape's shape, Pad's paddings, ConcatV2's
 * axis…). Running the model to learn them costs a whole forward pass (20 s for a
 * ResNet-18 on the cpu backend); this costs microseconds per node.
 *
 * Shapes include the batch dimension, taken as 1 (as one probe image would be). A node whose
 * op is not covered here, or whose inputs are not known, has no static shape (null); the
 * caller probes only then (graphLayers.ts).
 */
import {
  attrBool, attrNumber, attrString, type GraphNode, type GraphTopology,
} from './graphTopology';
import { isPlainObject } from './safeJson';

export type Shape = number[];

/** What the shape inference may read about the graph's constants. */
export interface ConstReader {
  shape(name: string): Shape | null;
  /** Values of a small integer-like constant (≤ 64 elements), else null. */
  values(name: string): number[] | null;
}

const SAME_SHAPE_OPS = new Set([
  'Identity', 'Snapshot', 'StopGradient', 'Cast', 'Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh',
  'Softmax', 'LogSoftmax', 'Softplus', 'Softsign', 'Prelu', 'Sqrt', 'Rsqrt', 'Neg', 'Abs', 'Exp', 'Log', 'Square',
  'Reciprocal', 'Erf', 'Floor', 'Ceil', 'Round', 'Sign', 'ClipByValue', 'BiasAdd', 'FusedBatchNorm',
  'FusedBatchNormV2', 'FusedBatchNormV3', 'Swish', 'HardSigmoid', 'IsNan', 'LRN', 'FakeQuantWithMinMaxVars',
]);
const BROADCAST_OPS = new Set([
  'Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'DivNoNan', 'FloorDiv', 'FloorMod', 'Maximum', 'Minimum', 'Pow',
  'SquaredDifference', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr',
]);
const CONV_OPS = new Set(['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'DepthwiseConv2d', 'FusedDepthwiseConv2dNative']);
const POOL_OPS = new Set(['MaxPool', 'AvgPool', 'MaxPoolV2']);
const REDUCE_OPS = new Set(['Mean', 'Max', 'Min', 'Sum', 'Prod', 'All', 'Any']);

function attrInts(node: GraphNode, key: string): number[] | null {
  const v = node.attr[key];
  const list = isPlainObject(v) ? v.list : undefined;
  const i = isPlainObject(list) ? list.i : undefined;
  if (!Array.isArray(i)) return null;
  const out = i.map(Number);
  return out.every(Number.isInteger) ? out : null;
}

function broadcast(a: Shape, b: Shape): Shape | null {
  const n = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let k = 0; k < n; k++) {
    const x = a[a.length - n + k] ?? 1;
    const y = b[b.length - n + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** One spatial output size of a window op (conv / pool), as TensorFlow computes it. */
export function windowOutput(size: number, window: number, stride: number, dilation: number, padding: string, pads: [number, number]): number {
  const effective = (window - 1) * dilation + 1;
  if (padding === 'SAME') return Math.ceil(size / stride);
  if (padding === 'EXPLICIT') return Math.floor((size + pads[0] + pads[1] - effective) / stride) + 1;
  return Math.floor((size - effective) / stride) + 1; // VALID
}

/** NHWC window op: input [n,h,w,c], window [kh,kw], output channels. */
function windowShape(node: GraphNode, x: Shape, kh: number, kw: number, outC: number): Shape | null {
  if (x.length !== 4 || attrString(node, 'data_format', 'NHWC') !== 'NHWC') return null;
  const strides = attrInts(node, 'strides') ?? [1, 1, 1, 1];
  const dil = attrInts(node, 'dilations') ?? [1, 1, 1, 1];
  const padding = attrString(node, 'padding', 'VALID');
  if (padding !== 'SAME' && padding !== 'VALID' && padding !== 'EXPLICIT') return null;
  const ex = attrInts(node, 'explicit_paddings') ?? [];
  if (padding === 'EXPLICIT' && ex.length !== 8) return null;
  const h = windowOutput(x[1], kh, strides[1] ?? 1, dil[1] ?? 1, padding, [ex[2] ?? 0, ex[3] ?? 0]);
  const w = windowOutput(x[2], kw, strides[2] ?? 1, dil[2] ?? 1, padding, [ex[4] ?? 0, ex[5] ?? 0]);
  return h > 0 && w > 0 ? [x[0], h, w, outC] : null;
}

function normAxis(a: number, rank: number): number | null {
  const k = a < 0 ? a + rank : a;
  return k >= 0 && k < rank ? k : null;
}

function reshape(x: Shape, target: number[]): Shape | null {
  const total = x.reduce((a, b) => a * b, 1);
  const free = target.filter((d) => d === -1).length;
  if (free > 1 || target.some((d) => d < -1)) return null;
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (free === 0) return known === total ? target.slice() : null;
  if (known === 0 || total % known !== 0) return null;
  return target.map((d) => (d === -1 ? total / known : d));
}

type Infer = (node: GraphNode, ins: (Shape | null)[], consts: ConstReader) => Shape | null;

/** Ops whose output shape needs more than the same-shape / broadcast rules. */
const RULES: Record<string, Infer> = {
  MatMul: (node, [a, b]) => {
    if (!a || !b || a.length !== 2 || b.length !== 2) return null;
    const [m, ka] = attrBool(node, 'transpose_a') ? [a[1], a[0]] : a;
    const [kb, n] = attrBool(node, 'transpose_b') ? [b[1], b[0]] : b;
    return ka === kb ? [m, n] : null;
  },
  Pad: (node, [x], consts) => {
    const p = consts.values(node.inputs[1]);
    if (!x || !p || p.length !== 2 * x.length) return null;
    return x.map((d, i) => d + p[2 * i] + p[2 * i + 1]);
  },
  Reshape: (node, [x], consts) => {
    const t = consts.values(node.inputs[1]);
    return x && t ? reshape(x, t) : null;
  },
  ConcatV2: (node, ins, consts) => {
    const axisV = consts.values(node.inputs[node.inputs.length - 1]);
    const parts = ins.slice(0, -1);
    if (!axisV || axisV.length !== 1 || parts.length === 0 || parts.some((s) => !s)) return null;
    const first = parts[0]!;
    const axis = normAxis(axisV[0], first.length);
    if (axis === null) return null;
    const out = first.slice();
    out[axis] = 0;
    for (const s of parts as Shape[]) {
      if (s.length !== first.length || s.some((d, i) => i !== axis && d !== first[i])) return null;
      out[axis] += s[axis];
    }
    return out;
  },
  Squeeze: (node, [x]) => {
    if (!x) return null;
    const dims = (attrInts(node, 'squeeze_dims') ?? attrInts(node, 'axis') ?? []).map((a) => normAxis(a, x.length));
    if (dims.some((d) => d === null)) return null;
    if (dims.length === 0) return x.filter((d) => d !== 1);
    return dims.every((d) => x[d!] === 1) ? x.filter((_, i) => !dims.includes(i)) : null;
  },
  ExpandDims: (node, [x], consts) => {
    const a = consts.values(node.inputs[1]);
    if (!x || !a || a.length !== 1) return null;
    const axis = normAxis(a[0], x.length + 1);
    if (axis === null) return null;
    const out = x.slice();
    out.splice(axis, 0, 1);
    return out;
  },
  Transpose: (node, [x], consts) => {
    const perm = consts.values(node.inputs[1]);
    if (!x || !perm || perm.length !== x.length) return null;
    return perm.every((p) => p >= 0 && p < x.length) ? perm.map((p) => x[p]) : null;
  },
  ResizeBilinear: (node, [x], consts) => {
    const size = consts.values(node.inputs[1]);
    return x && x.length === 4 && size && size.length === 2 ? [x[0], size[0], size[1], x[3]] : null;
  },
  DepthToSpace: (node, [x]) => {
    const b = attrNumber(node, 'block_size', 0);
    return x && x.length === 4 && b > 0 && x[3] % (b * b) === 0 ? [x[0], x[1] * b, x[2] * b, x[3] / (b * b)] : null;
  },
  SpaceToDepth: (node, [x]) => {
    const b = attrNumber(node, 'block_size', 0);
    return x && x.length === 4 && b > 0 && x[1] % b === 0 && x[2] % b === 0 ? [x[0], x[1] / b, x[2] / b, x[3] * b * b] : null;
  },
  Slice: (node, [x], consts) => {
    const begin = consts.values(node.inputs[1]);
    const size = consts.values(node.inputs[2]);
    if (!x || !begin || !size || begin.length !== x.length || size.length !== x.length) return null;
    const out = size.map((s, i) => (s === -1 ? x[i] - begin[i] : s));
    return out.every((d, i) => d >= 0 && begin[i] >= 0 && begin[i] + d <= x[i]) ? out : null;
  },
};
RULES._FusedMatMul = RULES.MatMul;
RULES.PadV2 = RULES.Pad;
RULES.MirrorPad = RULES.Pad;
RULES.Concat = (node, ins, consts) => RULES.ConcatV2({ ...node, inputs: [...node.inputs.slice(1), node.inputs[0]] }, [...ins.slice(1), ins[0]], consts);
RULES.ResizeNearestNeighbor = RULES.ResizeBilinear;

function inferNode(node: GraphNode, ins: (Shape | null)[], consts: ConstReader): Shape | null {
  const x = ins[0];
  if (node.op === 'Const') return consts.shape(node.name);
  if (SAME_SHAPE_OPS.has(node.op)) return x ?? null;
  if (node.op === 'AddN') return ins.length > 0 && ins.every((s) => s && s.join() === x?.join()) ? x : null;
  if (BROADCAST_OPS.has(node.op)) return x && ins[1] ? broadcast(x, ins[1]) : null;
  if (CONV_OPS.has(node.op)) {
    const k = ins[1];
    if (!x || !k || k.length !== 4 || x[3] !== k[2]) return null;
    const depthwise = node.op.startsWith('Depthwise') || node.op.startsWith('FusedDepthwise');
    return windowShape(node, x, k[0], k[1], depthwise ? k[2] * k[3] : k[3]);
  }
  if (POOL_OPS.has(node.op)) {
    const ks = attrInts(node, 'ksize');
    if (!x || !ks || ks.length !== 4 || ks[0] !== 1 || ks[3] !== 1) return null;
    return windowShape(node, x, ks[1], ks[2], x[3]);
  }
  if (REDUCE_OPS.has(node.op)) {
    const axes = consts.values(node.inputs[1]);
    if (!x || !axes) return null;
    const norm = axes.map((a) => normAxis(a, x.length));
    if (norm.some((a) => a === null)) return null;
    const keep = attrBool(node, 'keep_dims') || attrBool(node, 'keepdims');
    return keep ? x.map((d, i) => (norm.includes(i) ? 1 : d)) : x.filter((_, i) => !norm.includes(i));
  }
  const rule = RULES[node.op];
  return rule ? rule(node, ins, consts) : null;
}

/**
 * Shapes (batch included, batch = 1) of the `wanted` nodes and of everything they read.
 * `inputs`: the shape of each Placeholder (batch included); a Placeholder not given, or a
 * shape with an unknown size, leaves its readers unknown.
 */
export function inferGraphShapes(
  topo: GraphTopology, consts: ConstReader, inputs: ReadonlyMap<string, Shape>, wanted: readonly string[],
): Map<string, Shape | null> {
  const memo = new Map<string, Shape | null>();
  // Iterative depth-first walk (graphs of thousands of nodes chain deeply).
  for (const target of wanted) {
    const stack: { name: string; expanded: boolean }[] = [{ name: target, expanded: false }];
    const onPath = new Set<string>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (memo.has(top.name)) { stack.pop(); continue; }
      const node = topo.nodes.get(top.name);
      if (!node) { memo.set(top.name, null); stack.pop(); continue; }
      if (!top.expanded) {
        top.expanded = true;
        onPath.add(node.name);
        if (node.op !== 'Const' && !node.op.startsWith('Placeholder')) {
          for (const i of node.inputs) if (!memo.has(i) && !onPath.has(i)) stack.push({ name: i, expanded: false });
        }
        continue;
      }
      stack.pop();
      onPath.delete(node.name);
      let shape: Shape | null;
      if (node.op.startsWith('Placeholder')) shape = inputs.get(node.name) ?? null;
      else shape = inferNode(node, node.inputs.map((i) => memo.get(i) ?? null), consts);
      const valid = shape && shape.every((d) => Number.isInteger(d) && d >= 0) ? shape : null;
      memo.set(node.name, valid);
    }
  }
  return new Map(wanted.map((n) => [n, memo.get(n) ?? null]));
}
