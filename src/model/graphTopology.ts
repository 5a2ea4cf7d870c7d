/**
 * Reading the node list of a tfjs-converter graph model (`format: 'graph-model'`), as the
 * converter writes it from a TensorFlow GraphDef:
 *   {name, op, input: ["x", "y:1", "^ctrl"], attr: {strides: {list: {i: ["1","2","2","1"]}},
 *    padding: {s: "U0FNRQ=="} (base64 "SAME"), fused_ops: {list: {s: [base64…]}}, epsilon: {f: 1e-3}}}
 * Validated here so that a broken graph gets a one-line message, not a TypeError in tfjs.
 */
import { ModelLoadError } from './errors';
import { isPlainObject } from './safeJson';

export interface GraphNode {
  name: string;
  op: string;
  /** Data inputs as node names (output index and control inputs stripped). */
  inputs: string[];
  attr: Record<string, unknown>;
}

export interface GraphTopology {
  nodes: Map<string, GraphNode>;
  /** name → nodes reading it as data (one entry per reading input). */
  consumers: Map<string, GraphNode[]>;
  order: GraphNode[];
}

function fail(message: string): never {
  throw new ModelLoadError(`model.json: ${message}`, 'model.json');
}

/** "conv/BiasAdd:0" → "conv/BiasAdd"; "^init" → null (control input). */
function inputNodeName(ref: string): string | null {
  if (ref.startsWith('^')) return null;
  const i = ref.lastIndexOf(':');
  return i > 0 && /^\d+$/.test(ref.slice(i + 1)) ? ref.slice(0, i) : ref;
}

export function parseGraphTopology(raw: unknown): GraphTopology {
  if (!isPlainObject(raw) || !Array.isArray(raw.node)) fail('graph modelTopology has no node list');
  const nodes = new Map<string, GraphNode>();
  const order: GraphNode[] = [];
  (raw.node as unknown[]).forEach((n, i) => {
    if (!isPlainObject(n) || typeof n.name !== 'string' || typeof n.op !== 'string') {
      fail(`graph node ${i} needs a string name and op`);
    }
    if (n.input !== undefined && (!Array.isArray(n.input) || n.input.some((s) => typeof s !== 'string'))) {
      fail(`graph node '${n.name}' has an invalid input list`);
    }
    if (nodes.has(n.name)) fail(`graph node name '${n.name}' is used twice`);
    const inputs = ((n.input as string[] | undefined) ?? []).map(inputNodeName).filter((s): s is string => s !== null);
    const node: GraphNode = { name: n.name, op: n.op, inputs, attr: isPlainObject(n.attr) ? n.attr : {} };
    nodes.set(node.name, node);
    order.push(node);
  });
  const consumers = new Map<string, GraphNode[]>();
  for (const node of order) {
    for (const src of node.inputs) {
      if (!nodes.has(src)) fail(`graph node '${node.name}' reads '${src}', which is not in the graph`);
      const list = consumers.get(src) ?? [];
      list.push(node);
      consumers.set(src, list);
    }
  }
  return { nodes, consumers, order };
}

function decodeBase64(s: string): string {
  try {
    return atob(s);
  } catch {
    return s;
  }
}

function attrValue(node: GraphNode, key: string): Record<string, unknown> | undefined {
  const v = node.attr[key];
  return isPlainObject(v) ? v : undefined;
}

export function attrString(node: GraphNode, key: string, def = ''): string {
  const v = attrValue(node, key)?.s;
  return typeof v === 'string' ? decodeBase64(v) : def;
}

export function attrStrings(node: GraphNode, key: string): string[] {
  const list = attrValue(node, key)?.list;
  const s = isPlainObject(list) ? list.s : undefined;
  return Array.isArray(s) ? s.map((x) => decodeBase64(String(x))) : [];
}

export function attrNumber(node: GraphNode, key: string, def: number): number {
  const a = attrValue(node, key);
  const v = a?.i ?? a?.f;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : def;
}

export function attrBool(node: GraphNode, key: string, def = false): boolean {
  const v = attrValue(node, key)?.b;
  return typeof v === 'boolean' ? v : def;
}

/** The single consumer of `node`, reading it exactly once; null otherwise. */
export function soleGraphConsumer(topo: GraphTopology, node: GraphNode): GraphNode | null {
  const list = topo.consumers.get(node.name) ?? [];
  return list.length === 1 ? list[0] : null;
}

/** Follows Identity nodes back to a Const; returns the Const node's name, or null. */
export function constSource(topo: GraphTopology, name: string | undefined): string | null {
  let cur = name ? topo.nodes.get(name) : undefined;
  for (let hops = 0; cur && hops < 8; hops++) {
    if (cur.op === 'Const') return cur.name;
    if (cur.op !== 'Identity' || cur.inputs.length !== 1) return null;
    cur = topo.nodes.get(cur.inputs[0]);
  }
  return null;
}
