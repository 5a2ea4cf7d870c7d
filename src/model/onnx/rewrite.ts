/**
 * The ONNX model the studio runs, derived from the dropped one:
 *   - every quantizable layer reads its kernel from a graph input `qs.w.<i>` (and, where a
 *     BatchNormalization was folded, its bias from `qs.b.<i>`; the BN node is removed and
 *     the layer writes the BN's output), so float or quantized weights are fed per run;
 *   - the activation points are added as graph outputs (activation capture);
 *   - external-data initializers are inlined (onnxruntime-web reads no files).
 * The float model is unchanged in function: feeding the folded float weights reproduces
 * the original outputs (tested).
 *
 * For activation quantization the graph is cut at the quantized activation points into
 * stages (`stageGraphs`): stage k computes point k from the input and the already
 * quantized earlier points, which the runtime quantizes in TypeScript with the same
 * quantizers the sweeps use and feeds to the next stages. onnxruntime runs every node of a
 * session, so each stage is its own small model holding only the nodes it needs.
 */
import type { ParsedOnnx } from './graph';
import type { OnnxLayer } from './layers';
import { DataType, encodeModel, type OnnxGraph, type OnnxModelInit, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './proto';
import { tensorFloats } from './tensors';

export const weightInput = (i: number) => `qs.w.${i}`;
export const biasInput = (i: number) => `qs.b.${i}`;

export interface StudioGraph {
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  /** Graph inputs with their element types (the model's own inputs first). */
  inputs: { name: string; elemType: number }[];
  outputs: string[];
  opsetImport: ParsedOnnx['model']['opset_import'];
  irVersion: number;
  /** The original graph's input and output declarations (shapes, dim names), reused where names match. */
  declared: Map<string, OnnxValueInfo>;
}

/** Inlines an external-data tensor (raw bytes from the dropped data file). */
function inlined(parsed: ParsedOnnx, t: OnnxTensor): OnnxTensor {
  if (t.data_location !== 1) return t;
  const values = tensorFloats(t, parsed.external);
  if (t.data_type === DataType.FLOAT) return { ...t, data_location: 0, external_data: [], raw_data: new Uint8Array(values.buffer) };
  throw new Error(`external tensor '${t.name ?? ''}' of a non-float type is not supported`);
}

/** The float-equivalent graph with weights as inputs (see the module comment). */
export function studioGraph(parsed: ParsedOnnx, layers: OnnxLayer[]): StudioGraph {
  const removed = new Set<OnnxNode>();
  const replaced = new Map<OnnxNode, OnnxNode>();
  const inputs: StudioGraph['inputs'] = parsed.inputs.map((i) => ({ name: i.name, elemType: i.elemType }));
  layers.forEach((layer, i) => {
    const { node, weightSlot, weightType, feedsBias, bnOutput } = layer.onnx;
    const input = [...node.input];
    input[weightSlot] = weightInput(i);
    inputs.push({ name: weightInput(i), elemType: weightType });
    if (feedsBias) {
      while (input.length < 3) input.push('');
      input[2] = biasInput(i);
      inputs.push({ name: biasInput(i), elemType: weightType });
    }
    const output = [...node.output];
    if (bnOutput) {
      output[0] = bnOutput;
      const bn = parsed.consumersOf.get(node.output[0])?.[0];
      if (bn) removed.add(bn);
    }
    replaced.set(node, { ...node, input, output });
  });
  const nodes = parsed.nodes.filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n);
  const used = new Set(nodes.flatMap((n) => n.input));
  const initializers = new Map<string, OnnxTensor>();
  for (const t of parsed.graph.initializer) if (t.name && used.has(t.name)) initializers.set(t.name, inlined(parsed, t));
  const outputs = [...parsed.outputs];
  for (const l of layers) if (!outputs.includes(l.activationPoint)) outputs.push(l.activationPoint);
  const declared = new Map([...parsed.graph.input, ...parsed.graph.output].map((v) => [v.name ?? '', v]));
  return { nodes, initializers, inputs, outputs, opsetImport: parsed.model.opset_import, irVersion: parsed.model.ir_version ?? 8, declared };
}

/** Serializes a graph with the given inputs, outputs and nodes. */
export function encodeGraph(g: StudioGraph, nodes: OnnxNode[], inputs: { name: string; elemType: number }[], outputs: string[], name: string): Uint8Array {
  const used = new Set(nodes.flatMap((n) => n.input));
  const model: OnnxModelInit = {
    ir_version: Math.max(g.irVersion, 4),
    opset_import: g.opsetImport,
    producer_name: 'quantization-studio',
    graph: {
      name,
      node: nodes,
      initializer: [...g.initializers.values()].filter((t) => used.has(t.name ?? '')),
      input: inputs.map((i) => g.declared.get(i.name) ?? { name: i.name, type: { tensor_type: { elem_type: i.elemType } } }),
      output: outputs.map((o) => g.declared.get(o) ?? { name: o }),
    } as OnnxModelInit['graph'] & Partial<OnnxGraph>,
  };
  return encodeModel(model);
}

interface Stage {
  /** Serialized stage model. */
  bytes: Uint8Array;
  /** Names the stage reads: the model input, weight inputs, earlier points. */
  inputs: string[];
  /** What it computes: one activation point, or the model outputs (last stage). */
  outputs: string[];
}

/**
 * Cuts the graph at `points` (activation points, in graph order): stage k computes
 * points[k] from the model inputs, the weights and points[0..k-1]; the last stage computes
 * the model outputs that are not points. `pointType` gives each point's element type (from a probe run).
 */
export function stageGraphs(g: StudioGraph, modelOutputs: string[], points: string[], pointType: (p: string) => number): Stage[] {
  const producer = new Map<string, number>();
  g.nodes.forEach((n, i) => n.output.forEach((o) => o && producer.set(o, i)));
  const typeOf = new Map(g.inputs.map((i) => [i.name, i.elemType]));
  const stages: Stage[] = [];
  // A model output that is itself a quantized point is the fed (quantized) value: the
  // runtime takes it from the feeds; the last stage computes only the other outputs.
  const rest = modelOutputs.filter((o) => !points.includes(o));
  const targets = [...points.map((p) => [p]), ...(rest.length ? [rest] : [])];
  targets.forEach((want, k) => {
    const fed = new Set([...g.inputs.map((i) => i.name), ...points.slice(0, k)]);
    const keep = new Set<number>();
    const stack = [...want];
    const seen = new Set<string>();
    while (stack.length) {
      const t = stack.pop()!;
      if (!t || seen.has(t) || fed.has(t) || g.initializers.has(t)) continue;
      seen.add(t);
      const p = producer.get(t);
      if (p === undefined) continue;
      keep.add(p);
      for (const inp of g.nodes[p].input) stack.push(inp);
    }
    const nodes = g.nodes.filter((_, i) => keep.has(i));
    const read = new Set(nodes.flatMap((n) => n.input));
    const inputs = [...fed].filter((n) => read.has(n));
    const ins = inputs.map((name) => ({ name, elemType: typeOf.get(name) ?? pointType(name) }));
    stages.push({ bytes: encodeGraph(g, nodes, ins, want, `stage${k}`), inputs, outputs: want });
  });
  return stages;
}
