/**
 * Static shape inference over an ONNX graph for the ops CNN and transformer exporters
 * write, from the model input's resolved dims: what MACs and output shapes need. Tensors
 * whose shape cannot be worked out here (an op not listed, a shape computed at run time)
 * stay unknown; the runtime fills those from one probe run (runtime.ts).
 */
import { attr, attrInt, attrInts, constantInts, type ParsedOnnx } from './graph';
import type { OnnxNode } from './proto';

export type Shape = number[];

const SAME_SHAPE = new Set([
  'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Clip', 'Elu', 'Selu', 'Celu', 'HardSigmoid', 'HardSwish', 'Softmax',
  'LogSoftmax', 'Dropout', 'Identity', 'Cast', 'CastLike', 'Erf', 'Sqrt', 'Exp', 'Log', 'Neg', 'Abs', 'BatchNormalization',
  'InstanceNormalization', 'LayerNormalization', 'GroupNormalization', 'Gelu', 'Softplus', 'Softsign', 'PRelu', 'LRN',
  'Mish', 'Swish', 'ThresholdedRelu', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Sign', 'Not', 'Hardmax',
  'QuantizeLinear', 'DequantizeLinear', 'LpNormalization', 'MeanVarianceNormalization', 'RMSNormalization',
]);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Where', 'Equal', 'Less', 'Greater', 'And', 'Or', 'Mod']);

function broadcast(shapes: Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/** Spatial output size of a window op (Conv, pools) per ONNX's formula, auto_pad included. */
function windowed(node: OnnxNode, x: Shape, kernel: number[], outChannels: number): Shape {
  const sp = x.length - 2;
  const strides = attrInts(node, 'strides') ?? Array(sp).fill(1);
  const dil = attrInts(node, 'dilations') ?? Array(sp).fill(1);
  const pads = attrInts(node, 'pads') ?? Array(2 * sp).fill(0);
  const autoPad = attr(node, 'auto_pad')?.s ? new TextDecoder().decode(attr(node, 'auto_pad')!.s!) : 'NOTSET';
  const ceil = attrInt(node, 'ceil_mode', 0) === 1;
  const out: Shape = [x[0], outChannels];
  for (let i = 0; i < sp; i++) {
    const inp = x[2 + i];
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      out.push(Math.ceil(inp / strides[i]));
    } else {
      const span = dil[i] * (kernel[i] - 1) + 1;
      const padded = inp + (autoPad === 'VALID' ? 0 : pads[i] + pads[i + sp]);
      const f = (padded - span) / strides[i];
      out.push((ceil ? Math.ceil(f) : Math.floor(f)) + 1);
    }
  }
  return out;
}

function transposedConv(node: OnnxNode, x: Shape, w: Shape): Shape {
  const sp = x.length - 2;
  const group = attrInt(node, 'group', 1);
  const explicit = attrInts(node, 'output_shape');
  const cout = w[1] * group;
  if (explicit) return [x[0], cout, ...explicit.slice(-sp)];
  const strides = attrInts(node, 'strides') ?? Array(sp).fill(1);
  const dil = attrInts(node, 'dilations') ?? Array(sp).fill(1);
  const pads = attrInts(node, 'pads') ?? Array(2 * sp).fill(0);
  const outPad = attrInts(node, 'output_padding') ?? Array(sp).fill(0);
  const out: Shape = [x[0], cout];
  for (let i = 0; i < sp; i++) {
    out.push(strides[i] * (x[2 + i] - 1) + outPad[i] + ((w[2 + i] - 1) * dil[i] + 1) - pads[i] - pads[i + sp]);
  }
  return out;
}

function matmul(a: Shape, b: Shape): Shape | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
  const out = [...batch, a2[a2.length - 2], b2[b2.length - 1]];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.pop();
  return out;
}

function reshape(x: Shape, target: number[], allowZero: boolean): Shape | undefined {
  const total = x.reduce((p, d) => p * d, 1);
  const out = target.map((d, i) => (d === 0 && !allowZero ? x[i] : d));
  const known = out.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const free = out.indexOf(-1);
  if (free >= 0) out[free] = known > 0 ? total / known : 0;
  return out.every((d) => Number.isInteger(d) && d >= 0) ? out : undefined;
}

function axesOf(parsed: ParsedOnnx, node: OnnxNode, rank: number): number[] | undefined {
  const fromInput = node.input[1] ? parsed.constants.get(node.input[1]) : undefined;
  const axes = fromInput ? constantInts(parsed, fromInput) : attrInts(node, 'axes');
  return axes?.map((a) => (a < 0 ? a + rank : a));
}

/** The output shape of one node's first output, or undefined when not inferable here. */
function inferNode(parsed: ParsedOnnx, node: OnnxNode, get: (name: string) => Shape | undefined): Shape | undefined {
  const op = node.op_type ?? '';
  const x = get(node.input[0] ?? '');
  if (SAME_SHAPE.has(op)) return x;
  if (BROADCAST.has(op)) {
    const all = node.input.map(get);
    return all.every(Boolean) ? broadcast(all as Shape[]) : undefined;
  }
  if (!x) return undefined;
  switch (op) {
    case 'Conv': {
      const w = get(node.input[1]);
      return w ? windowed(node, x, w.slice(2), w[0]) : undefined;
    }
    case 'ConvTranspose': {
      const w = get(node.input[1]);
      return w ? transposedConv(node, x, w) : undefined;
    }
    case 'MaxPool': case 'AveragePool': case 'LpPool':
      return windowed(node, x, attrInts(node, 'kernel_shape') ?? [], x[1]);
    case 'GlobalAveragePool': case 'GlobalMaxPool': case 'GlobalLpPool':
      return [x[0], x[1], ...x.slice(2).map(() => 1)];
    case 'Gemm': {
      const b = get(node.input[1]);
      if (!b) return undefined;
      const m = attrInt(node, 'transA', 0) ? x[1] : x[0];
      return [m, attrInt(node, 'transB', 0) ? b[0] : b[1]];
    }
    case 'MatMul': {
      const b = get(node.input[1]);
      return b ? matmul(x, b) : undefined;
    }
    case 'Flatten': {
      let axis = attrInt(node, 'axis', 1);
      if (axis < 0) axis += x.length;
      return [x.slice(0, axis).reduce((p, d) => p * d, 1), x.slice(axis).reduce((p, d) => p * d, 1)];
    }
    case 'Reshape': {
      const c = parsed.constants.get(node.input[1] ?? '');
      return c ? reshape(x, constantInts(parsed, c), attrInt(node, 'allowzero', 0) === 1) : undefined;
    }
    case 'Transpose': {
      const perm = attrInts(node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
      return perm.map((p) => x[p]);
    }
    case 'Concat': {
      const all = node.input.map(get);
      if (!all.every(Boolean)) return undefined;
      let axis = attrInt(node, 'axis', 0);
      if (axis < 0) axis += x.length;
      const out = [...x];
      out[axis] = (all as Shape[]).reduce((s, sh) => s + sh[axis], 0);
      return out;
    }
    case 'Squeeze': {
      const axes = axesOf(parsed, node, x.length);
      return x.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
    }
    case 'Unsqueeze': {
      const rank = x.length + (axesOf(parsed, node, 0)?.length ?? 0);
      const axes = axesOf(parsed, node, rank);
      if (!axes) return undefined;
      const out: Shape = [];
      let k = 0;
      for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : x[k++]);
      return out;
    }
    case 'ReduceMean': case 'ReduceSum': case 'ReduceMax': case 'ReduceMin': {
      const axes = axesOf(parsed, node, x.length) ?? x.map((_, i) => i);
      const keep = attrInt(node, 'keepdims', 1) === 1;
      return keep ? x.map((d, i) => (axes.includes(i) ? 1 : d)) : x.filter((_, i) => !axes.includes(i));
    }
    case 'Pad': {
      const c = node.input[1] ? parsed.constants.get(node.input[1]) : undefined;
      const pads = c ? constantInts(parsed, c) : attrInts(node, 'pads');
      return pads && pads.length === 2 * x.length ? x.map((d, i) => d + pads[i] + pads[i + x.length]) : undefined;
    }
    default: return undefined;
  }
}

/**
 * Shapes of every tensor reachable from the inputs (inputs given with concrete dims).
 * Constants get their dims. Nodes are visited in file order, which ONNX requires to be
 * topological.
 */
export function inferShapes(parsed: ParsedOnnx, inputs: Map<string, Shape>): Map<string, Shape> {
  const shapes = new Map<string, Shape>(inputs);
  for (const [name, c] of parsed.constants) shapes.set(name, c.dims);
  const get = (n: string) => shapes.get(n);
  for (const node of parsed.nodes) {
    if (!node.output[0] || shapes.has(node.output[0])) continue;
    let s: Shape | undefined;
    try {
      s = inferNode(parsed, node, get);
    } catch {
      s = undefined;
    }
    if (s && s.every((d) => Number.isInteger(d) && d >= 0)) shapes.set(node.output[0], s);
  }
  return shapes;
}
