/**
 * QDQ export of an ONNX model: the dropped graph rewritten so that stock onnxruntime (or any
 * QDQ-aware runtime) runs the config as the studio evaluated it.
 *
 *   - Quantized kernels on an integer grid become integer initializers (int8/uint8, int4/uint4
 *     at opset 21) with their scales — one, or one per output channel along the kernel's
 *     output-channel axis — feeding a `DequantizeLinear` whose output the layer reads.
 *   - A Conv whose BatchNormalization the studio folded reads the folded kernel and bias and
 *     writes the BN's output; the BN node is dropped.
 *   - A quantized activation point P (fixed scheme) becomes producer → P_float →
 *     [Clip to the grid's range, when narrower than the type] → QuantizeLinear →
 *     DequantizeLinear → P, so every consumer and graph output keeps its name.
 *   - What has no integer grid (log2, log2-sqrt2, nlq kernels, differing per-filter widths)
 *     is written fake-quantized in float32 (the values the studio evaluated); log-scheme
 *     activations stay float (ONNX has no log quantizer op). Each such layer is named in the
 *     returned notes, in the model's metadata (`quantization_studio.float_layers`) and in
 *     the initializer's doc_string.
 *
 * Known differences from the studio's evaluation, all within rounding: QuantizeLinear rounds
 * ties to even (the studio away from zero), and DequantizeLinear multiplies by the scale
 * rounded to float32. The model's opset is kept (qdqTensors.ts says what each opset allows);
 * external-data tensors are inlined; nodes left without consumers (the replaced weights'
 * Constant/Identity chains) are dropped.
 */
import type { ExportedTensor, QuantPlan } from '../runtime/types';
import { fixedCodeRange } from '../../quant/quantizers/fixed';
import type { ParsedOnnx } from './graph';
import type { OnnxLayer } from './layers';
import { fromView } from './layout';
import { DataType, encodeModel, type OnnxModelInit, type OnnxNode, type OnnxTensor } from './proto';
import { floatInitializer, intInitializer, intTypeFor, integerKernel, storedBytes, type TensorInit } from './qdqTensors';
import { tensorFloats } from './tensors';
import { encodeFloat16 } from '../float16';

interface QdqNote {
  layer: string;
  reason: string;
}

interface QdqExport {
  bytes: Uint8Array;
  tensors: ExportedTensor[];
  /** Layers (or activations) written fake-quantized in float or left float, with the reason. */
  notes: QdqNote[];
  weightBytes: number;
  floatWeightBytes: number;
}

type NodeInit = NonNullable<NonNullable<OnnxModelInit['graph']>['node']>[number];

/** A fresh tensor / node name that collides with nothing in the graph. */
function namer(parsed: ParsedOnnx): (base: string) => string {
  const taken = new Set<string>();
  for (const n of parsed.nodes) {
    if (n.name) taken.add(n.name);
    n.input.forEach((x) => taken.add(x));
    n.output.forEach((x) => taken.add(x));
  }
  for (const t of parsed.graph.initializer) if (t.name) taken.add(t.name);
  return (base) => {
    let name = base;
    for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    return name;
  };
}

/** An initializer as written: inlined when its bytes were in an external file. */
function inlined(parsed: ParsedOnnx, t: OnnxTensor): TensorInit {
  if (t.data_location !== 1) return t as TensorInit;
  if (t.data_type !== DataType.FLOAT) throw new Error(`external tensor '${t.name ?? ''}' is not float32; cannot inline it`);
  return floatInitializer(t.name ?? '', t.dims, tensorFloats(t, parsed.external));
}

export function exportQdq(model: { parsed: ParsedOnnx; layers: readonly OnnxLayer[] }, plan: QuantPlan, opts: { producedBy?: string } = {}): QdqExport {
  const { parsed, layers } = model;
  const opset = parsed.opset;
  const fresh = namer(parsed);
  const notes: QdqNote[] = [];
  const tensors: ExportedTensor[] = [];
  const inits: TensorInit[] = [];
  const head: NodeInit[] = [];
  const copy = new Map<OnnxNode, OnnxNode>(parsed.nodes.map((n) => [n, { ...n, input: [...n.input], output: [...n.output] }]));
  const dropped = new Set<OnnxNode>();
  let weightBytes = 0;
  let floatWeightBytes = 0;
  const bySub = new Map(plan.weights.map((w) => [w.layer, w]));

  for (const layer of layers) {
    const sub = bySub.get(layer.name);
    if (!sub) continue;
    if (sub.values.length !== layer.weights.length) throw new Error(`layer '${layer.name}': the plan's kernel has ${sub.values.length} values, the layer ${layer.weights.length}`);
    const bad = sub.values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`layer '${layer.name}': quantized weight ${bad} is ${sub.values[bad]}; refusing to write a broken model`);
    const o = layer.onnx;
    const node = copy.get(o.node)!;
    const base = node.input[o.weightSlot] || layer.name;
    if (o.bnOutput) {
      const bn = parsed.consumersOf.get(o.node.output[0])?.[0];
      if (bn) dropped.add(bn);
      node.output[0] = o.bnOutput;
      while (node.input.length < 3) node.input.push('');
      node.input[2] = fresh(`${base}_folded_bias`);
      inits.push(floatInitializer(node.input[2], [layer.filters], layer.bias));
    }
    const values = fromView(sub.values, o.layout);
    const filterOf = fromView(Float32Array.from({ length: values.length }, (_, i) => i % layer.filters), o.layout);
    const dims = [...o.weightDims];
    floatWeightBytes += values.length * 4;
    const k = o.weightType === DataType.FLOAT ? integerKernel(sub, values, dims, filterOf, layer.filters, opset) : 'the model reads this kernel as float16';
    if (typeof k === 'string') {
      const name = fresh(`${base}_fake_quantized`);
      const half = o.weightType === DataType.FLOAT16;
      const t = half ? { name, dims, data_type: DataType.FLOAT16, raw_data: new Uint8Array(encodeFloat16(values).buffer) } : floatInitializer(name, dims, values);
      inits.push({ ...t, doc_string: `quantization-studio: fake-quantized in float (${k})` });
      node.input[o.weightSlot] = name;
      notes.push({ layer: layer.name, reason: `weights fake-quantized in ${half ? 'float16' : 'float32'}: ${k}` });
      tensors.push({ name, layer: layer.name, dtype: half ? 'float16' : 'float32', bytes: values.length * (half ? 2 : 4), note: k });
      weightBytes += values.length * (half ? 2 : 4);
      continue;
    }
    const q = fresh(`${base}_quantized`);
    const s = fresh(`${base}_scale`);
    const z = fresh(`${base}_zero_point`);
    const out = fresh(`${base}_dequantized`);
    const perAxis = k.axis !== null;
    inits.push(intInitializer(q, dims, k.codes, k.type));
    inits.push(floatInitializer(s, perAxis ? [k.scales.length] : [], k.scales));
    inits.push(intInitializer(z, perAxis ? [k.scales.length] : [], new Int32Array(k.scales.length), k.type));
    head.push({ op_type: 'DequantizeLinear', name: fresh(`${base}_DequantizeLinear`), input: [q, s, z], output: [out],
      attribute: perAxis ? [{ name: 'axis', type: 2, i: k.axis! }] : [] });
    node.input[o.weightSlot] = out;
    const bytes = storedBytes(values.length, k.type) + k.scales.length * 4;
    weightBytes += bytes;
    tensors.push({ name: q, layer: layer.name, dtype: k.type.name, bytes });
  }

  // Activation points: producer → P_float → [Clip] → Q → DQ → P.
  const after = new Map<OnnxNode, NodeInit[]>();
  const producerOf = new Map<string, OnnxNode>();
  for (const n of parsed.nodes) if (!dropped.has(n)) copy.get(n)!.output.forEach((t) => t && producerOf.set(t, n));
  for (const a of plan.activations) {
    const p = a.params;
    const what = `${a.layer} activations`;
    if (p.scheme !== 'fixed') {
      notes.push({ layer: a.layer, reason: `${what} left float: ${p.scheme} levels are not evenly spaced and ONNX has no log quantizer` });
      continue;
    }
    if (!Number.isFinite(p.scale) || p.scale < 0 || !Number.isInteger(p.bits) || p.bits < 2 || p.bits > 16) {
      throw new Error(`${what}: scale ${p.scale} at ${p.bits} bits is not a quantizer; refusing to write a broken model`);
    }
    const type = intTypeFor(p.bits, p.signed, opset);
    const producer = producerOf.get(a.point);
    if (typeof type === 'string' || !producer || p.scale === 0) {
      notes.push({ layer: a.layer, reason: `${what} left float: ${typeof type === 'string' ? type : !producer ? `no node writes '${a.point}'` : 'scale 0 (the calibration data was all zeros)'}` });
      continue;
    }
    const pn = copy.get(producer)!;
    const floatName = fresh(`${a.point}_float`);
    pn.output[pn.output.indexOf(a.point)] = floatName;
    const [lo, hi] = fixedCodeRange(p.bits, p.signed);
    const typeLo = p.signed ? -(2 ** (type.bits - 1)) : 0;
    const typeHi = p.signed ? 2 ** (type.bits - 1) - 1 : 2 ** type.bits - 1;
    const chain: NodeInit[] = [];
    let x = floatName;
    if (lo > typeLo || hi < typeHi) {
      const clipped = fresh(`${a.point}_clipped`);
      if (opset >= 11) {
        const mn = fresh(`${a.point}_clip_min`);
        const mx = fresh(`${a.point}_clip_max`);
        inits.push(floatInitializer(mn, [], [lo * p.scale]), floatInitializer(mx, [], [hi * p.scale]));
        chain.push({ op_type: 'Clip', name: fresh(`${a.point}_Clip`), input: [x, mn, mx], output: [clipped], attribute: [] });
      } else {
        chain.push({ op_type: 'Clip', name: fresh(`${a.point}_Clip`), input: [x], output: [clipped],
          attribute: [{ name: 'min', type: 1, f: lo * p.scale }, { name: 'max', type: 1, f: hi * p.scale }] });
      }
      x = clipped;
    }
    const s = fresh(`${a.point}_scale`);
    const z = fresh(`${a.point}_zero_point`);
    const qName = fresh(`${a.point}_quantized`);
    inits.push(floatInitializer(s, [], [p.scale]), intInitializer(z, [], [0], type));
    chain.push({ op_type: 'QuantizeLinear', name: fresh(`${a.point}_QuantizeLinear`), input: [x, s, z], output: [qName], attribute: [] });
    chain.push({ op_type: 'DequantizeLinear', name: fresh(`${a.point}_DequantizeLinear`), input: [qName, s, z], output: [a.point], attribute: [] });
    after.set(producer, [...(after.get(producer) ?? []), ...chain]);
  }

  let nodes: NodeInit[] = [...head];
  for (const n of parsed.nodes) {
    if (dropped.has(n)) continue;
    nodes.push(copy.get(n)! as NodeInit);
    nodes.push(...(after.get(n) ?? []));
  }
  nodes = withoutDeadNodes(nodes, parsed.outputs);
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  const kept = parsed.graph.initializer.filter((t) => t.name && used.has(t.name)).map((t) => inlined(parsed, t));
  const allInits = [...kept, ...inits.filter((t) => used.has(t.name ?? ''))];
  const initNames = new Set(allInits.map((t) => t.name));
  const usesInt4 = allInits.some((t) => t.data_type === DataType.INT4 || t.data_type === DataType.UINT4);
  const m = parsed.model;
  const out: OnnxModelInit = {
    ...m,
    ir_version: Math.max(m.ir_version ?? 7, usesInt4 ? 10 : 7),
    graph: {
      ...parsed.graph,
      node: nodes,
      initializer: allInits,
      // IR < 4 lists initializers as inputs too: keep only those still present.
      input: parsed.graph.input.filter((i) => !i.name || !parsed.graph.initializer.some((t) => t.name === i.name) || initNames.has(i.name)),
    } as OnnxModelInit['graph'],
    metadata_props: [
      ...m.metadata_props.filter((p) => !p.key?.startsWith('quantization_studio.')),
      { key: 'quantization_studio.produced_by', value: opts.producedBy ?? 'quantization-studio' },
      { key: 'quantization_studio.float_layers', value: JSON.stringify(notes) },
    ],
  };
  return { bytes: encodeModel(out), tensors, notes, weightBytes, floatWeightBytes };
}

/** Drops nodes none of whose outputs is read or a graph output (repeated until stable). */
function withoutDeadNodes(nodes: NodeInit[], outputs: readonly string[]): NodeInit[] {
  let list = nodes;
  for (;;) {
    const read = new Set([...outputs, ...list.flatMap((n) => n.input ?? [])]);
    const next = list.filter((n) => (n.output ?? []).some((o) => o && read.has(o)));
    if (next.length === list.length) return list;
    list = next;
  }
}
