/**
 * An ONNX file, decoded and checked, with what the layer finder needs: the constant
 * tensors (initializers and `Constant` nodes, seen through `Identity` and `Cast`), the real
 * graph inputs with their dims, and who produces / consumes each tensor.
 *
 * Everything here throws one-line messages (the caller prefixes the file name): bytes that
 * are not protobuf or are cut short, no graph, an opset outside 7–21, an op that is not a
 * standard ONNX operator, absurd dims, missing external data.
 */
import { decodeModel, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './proto';
import { isStandardOp } from './standardOps';
import { checkedSize, tensorFloats, tensorInts, type ExternalDataFiles } from './tensors';

const MIN_OPSET = 7;
const MAX_OPSET = 21;

/** A constant tensor: its ONNX proto (values read on demand) and dims. */
export interface ConstantTensor {
  /** The name the graph uses for the value (after Identity/Cast: the alias's name). */
  name: string;
  /** The initializer or Constant-node tensor holding the values. */
  tensor: OnnxTensor;
  dims: number[];
  /** How it is stored: an initializer or a `Constant` node (possibly seen through Identity/Cast). */
  source: 'initializer' | 'constant-node';
  /** Element type the graph sees under this name (a Cast's `to`, else the stored type). */
  elemType: number;
}

export interface GraphInput {
  name: string;
  elemType: number;
  /** Dims as declared: numbers, or the symbolic name / null of a dynamic dim. */
  dims: (number | string | null)[];
}

export interface ParsedOnnx {
  model: OnnxModel;
  graph: OnnxGraph;
  opset: number;
  producer: string;
  nodes: OnnxNode[];
  /** Constants by every name they go by. */
  constants: Map<string, ConstantTensor>;
  /** Inputs that are not initializers (what the runtime must feed). */
  inputs: GraphInput[];
  outputs: string[];
  /** Tensor name → node that writes it. */
  producerOf: Map<string, OnnxNode>;
  /** Tensor name → nodes that read it. */
  consumersOf: Map<string, OnnxNode[]>;
  external?: ExternalDataFiles;
}

export function attr(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attribute.find((a) => a.name === name);
}

export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.i ?? fallback;
}

export function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.f ?? fallback;
}

export function attrInts(node: OnnxNode, name: string): number[] | undefined {
  const a = attr(node, name);
  return a && a.ints.length ? a.ints : undefined;
}

export function attrString(node: OnnxNode, name: string): string | undefined {
  const s = attr(node, name)?.s;
  return s ? new TextDecoder().decode(s) : undefined;
}

export function nodeLabel(node: OnnxNode, index: number): string {
  return node.name || `${node.op_type ?? '?'}_${index}`;
}

function valueDims(v: OnnxValueInfo): (number | string | null)[] {
  const dims = v.type?.tensor_type?.shape?.dim ?? [];
  return dims.map((d) => (d.dim_value !== undefined && d.dim_value > 0 ? d.dim_value : d.dim_param || null));
}

function decode(bytes: Uint8Array): OnnxModel {
  try {
    return decodeModel(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(/index out of range/.test(why) ? `truncated or not an ONNX protobuf (${why})` : `not an ONNX protobuf (${why})`, { cause: e });
  }
}

function opsetOf(model: OnnxModel): number {
  const own = model.opset_import.find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!own?.version) throw new Error('no default-domain opset_import: not an ONNX model (or an empty one)');
  if (own.version < MIN_OPSET || own.version > MAX_OPSET) throw new Error(`opset ${own.version} is outside the supported 7–21`);
  return own.version;
}

/** Decodes and checks an ONNX model; the caller prefixes messages with the file name. */
export function parseOnnx(bytes: Uint8Array, external?: ExternalDataFiles): ParsedOnnx {
  const model = decode(bytes);
  const graph = model.graph;
  if (!graph || (graph.node.length === 0 && graph.output.length === 0)) throw new Error('no graph in the file: not an ONNX model');
  const opset = opsetOf(model);
  const constants = new Map<string, ConstantTensor>();
  for (const t of graph.initializer) {
    checkedSize(t.dims, `initializer '${t.name ?? ''}'`);
    constants.set(t.name ?? '', { name: t.name ?? '', tensor: t, dims: t.dims, source: 'initializer', elemType: t.data_type ?? 0 });
  }
  const producerOf = new Map<string, OnnxNode>();
  const consumersOf = new Map<string, OnnxNode[]>();
  graph.node.forEach((node, i) => {
    const op = node.op_type ?? '';
    if (!isStandardOp(op, node.domain)) {
      throw new Error(`unsupported op '${op}'${node.domain ? ` (domain ${node.domain})` : ''} at node '${nodeLabel(node, i)}'`);
    }
    for (const o of node.output) if (o) producerOf.set(o, node);
    for (const inp of node.input) if (inp) consumersOf.set(inp, [...(consumersOf.get(inp) ?? []), node]);
    if (op === 'Constant') {
      const t = attr(node, 'value')?.t;
      if (t && node.output[0]) {
        checkedSize(t.dims, `Constant '${nodeLabel(node, i)}'`);
        constants.set(node.output[0], { name: node.output[0], tensor: t, dims: t.dims, source: 'constant-node', elemType: t.data_type ?? 0 });
      }
    }
  });
  // Identity and Cast of a constant are the same constant under another name (Cast to
  // float: what fp16-to-fp32 exporters write); follow them in graph order, chains included.
  for (const node of graph.node) {
    const op = node.op_type;
    if ((op === 'Identity' || op === 'Cast') && node.input[0] && node.output[0]) {
      const c = constants.get(node.input[0]);
      if (c && !constants.has(node.output[0])) {
        constants.set(node.output[0], { ...c, name: node.output[0], elemType: op === 'Cast' ? attrInt(node, 'to', c.elemType) : c.elemType });
      }
    }
  }
  const inputs: GraphInput[] = graph.input
    .filter((v) => v.name && !constants.has(v.name))
    .map((v) => ({ name: v.name ?? '', elemType: v.type?.tensor_type?.elem_type ?? 0, dims: valueDims(v) }));
  for (const i of inputs) {
    for (const d of i.dims) if (typeof d === 'number') checkedSize([d], `input '${i.name}'`);
  }
  if (inputs.length === 0) throw new Error('the graph has no inputs to feed');
  return {
    model, graph, opset, producer: [model.producer_name, model.producer_version].filter(Boolean).join(' '),
    nodes: graph.node, constants, inputs, outputs: graph.output.map((o) => o.name ?? ''), producerOf, consumersOf, external,
  };
}

/** The constant's values as float32 (weights). */
export function constantFloats(parsed: ParsedOnnx, c: ConstantTensor): Float32Array {
  return tensorFloats(c.tensor, parsed.external);
}

/** The constant's values as integers (shapes, axes). */
export function constantInts(parsed: ParsedOnnx, c: ConstantTensor): number[] {
  return tensorInts(c.tensor, parsed.external);
}
