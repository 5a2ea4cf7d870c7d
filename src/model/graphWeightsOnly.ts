/**
 * A graph model's layer list from its checked files alone, without tfjs: for a weights-only
 * analysis (the CLI without data), which reads nothing but the layers' weights. It skips
 * tfjs's start-up and the building of the GraphModel, and gives the same layers, weights,
 * shapes and skipped list as loading the model into tfjs (tested on the same files).
 *
 * What tfjs would take from the files is read the way tfjs-converter reads it: inputs from
 * the signature, else the Placeholder nodes; outputs from the signature, else the nodes
 * nothing reads (control inputs count); op support from its op lists (tfjsGraphOps.ts);
 * weights decoded as its decodeWeights does (manifest.ts decodeWeightSpec).
 *
 * Returns null where that cannot be done faithfully, and the caller loads the model into
 * tfjs instead: a graph whose layers' output shapes need a run of the model (ops the static
 * shape rules do not cover), one with functions or an initializer, or one tfjs itself would
 * refuse (no `versions`).
 */
import { ModelLoadError, oneLine, requireQuantizable } from './errors';
import { listGraphLayers, type GraphInput, type GraphWeights, type ShapeSource } from './graphLayerList';
import type { GraphTopology } from './graphTopology';
import { decodeWeightSpec, storedByteLength } from './manifest';
import type { PreparedModel } from './prepare';
import { channelsLastInput } from './runtime/input';
import type { LoadedModel, ModelOutput } from './runtime/types';
import { isPlainObject } from './safeJson';
import { TFJS_GRAPH_OPS } from './tfjsGraphOps';

/** A LoadedModel holding only the layer list: nothing can run it. */
export interface WeightsOnlyModel extends LoadedModel {
  shapeSource: ShapeSource;
}

const WEIGHTS_ONLY = 'loaded weights only (no runtime): the model cannot run';

function notRunnable(name: string): () => never {
  return () => {
    throw new Error(`${name}: ${WEIGHTS_ONLY}`);
  };
}

/** The manifest's weights by name, decoded on first read (each read gets its own copy). */
function manifestWeights(prepared: PreparedModel): GraphWeights {
  const at = new Map<string, { offset: number; spec: PreparedModel['weightSpecs'][number] }>();
  let offset = 0;
  for (const spec of prepared.weightSpecs) {
    // tfjs keys the weight map by name: a repeated name keeps its last tensor.
    at.set(spec.name, { offset, spec });
    offset += storedByteLength(spec);
  }
  const bytes = new Uint8Array(prepared.weightData);
  return {
    shape: (name) => at.get(name)?.spec.shape.slice() ?? null,
    values: (name) => {
      const w = at.get(name);
      if (!w) throw new ModelLoadError(`model.json: constant '${name}' has no weight in weightsManifest`, 'model.json');
      const v = decodeWeightSpec(w.spec, bytes.subarray(w.offset, w.offset + storedByteLength(w.spec)));
      return v instanceof Float32Array ? v : Float32Array.from(v);
    },
  };
}

/** parseTensorShapeParam of tfjs-converter: undefined for an unknown rank. */
function shapeAttr(attr: unknown): number[] | undefined {
  if (!isPlainObject(attr) || !isPlainObject(attr.shape)) return undefined;
  const s = attr.shape;
  if (s.unknownRank) return undefined;
  if (!Array.isArray(s.dim)) return [];
  return s.dim.map((d) => {
    const v = isPlainObject(d) ? d.size : undefined;
    return typeof v === 'number' ? v : parseInt(String(v), 10);
  });
}

/** Signature entry names ("x:0") → node names, in the signature's key order; null when malformed. */
function signatureNodes(entries: unknown): string[] | null {
  if (entries === undefined || entries === null) return [];
  if (!isPlainObject(entries)) return null;
  const out: string[] = [];
  for (const key of Object.keys(entries)) {
    const e = entries[key];
    if (!isPlainObject(e) || typeof e.name !== 'string') return null;
    out.push(e.name.split(':')[0]);
  }
  return out;
}

interface RawNode { name: string; op: string; input?: string[]; attr?: Record<string, unknown> }

/** Inputs and outputs as tfjs-converter's transformGraph picks them; null where it would differ. */
function graphEnds(json: Record<string, unknown>, topo: GraphTopology): { inputs: GraphInput[]; outputs: ModelOutput[] } | null {
  const topology = json.modelTopology as Record<string, unknown>;
  const meta = json.userDefinedMetadata;
  const signature = isPlainObject(meta) && meta.signature != null ? meta.signature : json.signature;
  if (signature != null && !isPlainObject(signature)) return null;
  const sigIn = signatureNodes(signature?.inputs);
  const sigOut = signatureNodes(signature?.outputs);
  if (!sigIn || !sigOut) return null;
  const raw = topology.node as RawNode[];
  // A plain object, as tfjs builds it: its key order (integer-like names first) is tfjs's.
  const byName: Record<string, RawNode> = {};
  const hasChildren = new Set<string>();
  for (const n of raw) {
    byName[n.name] = n;
    for (const ref of n.input ?? []) hasChildren.add((ref.startsWith('^') ? ref.slice(1) : ref).split(':')[0]);
  }
  const attrOf = (name: string) => (isPlainObject(byName[name]?.attr) ? byName[name].attr! : {});
  const inputNames = sigIn.length > 0 ? sigIn.filter((n) => topo.nodes.has(n))
    : raw.filter((n) => n.op.startsWith('Placeholder')).map((n) => n.name);
  const outputNames = sigOut.length > 0 ? sigOut.filter((n) => topo.nodes.has(n))
    : Object.keys(byName).filter((n) => !hasChildren.has(n));
  // Only a Placeholder's mapper has a `shape` attribute among the ops a graph ends in.
  const shapeOf = (name: string) => (byName[name].op.startsWith('Placeholder') ? shapeAttr(attrOf(name).shape) : undefined);
  const dims = (s: number[] | undefined) => (s ?? []).map((d) => (d < 0 ? null : d));
  return {
    inputs: inputNames.map((name) => ({ name, shape: shapeOf(name) })),
    outputs: outputNames.map((name) => ({ name, shape: dims(shapeOf(name)), node: name })),
  };
}


/**
 * The weights-only model of a prepared graph model, or null when only tfjs can list it
 * faithfully (see the module comment). Throws ModelLoadError as loading it into tfjs would
 * (a constant without a weight, no quantizable layer).
 */
export function loadGraphWeightsOnly(prepared: PreparedModel): WeightsOnlyModel | null {
  const { format, json, topology, name, hash, parameters, droppedKeys } = prepared;
  if (format !== 'graph-model' || !topology) return null;
  const topo = json.modelTopology;
  if (!isPlainObject(topo) || !isPlainObject(topo.versions)) return null;
  // Functions (control flow bodies) are mapped by tfjs; an empty library is common and harmless.
  const lib = topo.library;
  if (isPlainObject(lib) && lib.function != null && !(Array.isArray(lib.function) && lib.function.length === 0)) return null;
  if (json.modelInitializer != null) return null;
  const ends = graphEnds(json, topology);
  if (!ends) return null;
  let needsRun = false;
  let listed: ReturnType<typeof listGraphLayers>;
  try {
    listed = listGraphLayers(topology, {
      weights: manifestWeights(prepared),
      inputs: ends.inputs,
      supported: (node) => TFJS_GRAPH_OPS.has(node.op),
      probe: () => {
        needsRun = true;
        return { shapes: new Map(), backend: 'none' };
      },
    });
  } catch (e) {
    // As load.ts words a failure to read the nodes of a GraphModel.
    if (e instanceof ModelLoadError) throw e;
    throw new ModelLoadError(`model.json: could not read its nodes: ${oneLine((e as Error)?.message ?? String(e))}`, 'model.json');
  }
  if (needsRun) return null;
  requireQuantizable(listed);
  const first = ends.inputs[0];
  const fail = notRunnable(name);
  return {
    format, name, hash, parameters, droppedKeys,
    layers: listed.layers, skipped: listed.skipped, shapeSource: listed.shapeSource,
    input: channelsLastInput(first?.name ?? 'input', (first?.shape ?? []).map((d) => (d < 0 ? null : d))),
    outputs: ends.outputs,
    capabilities: { gradients: { available: false, reason: WEIGHTS_ONLY }, exportFormats: [] },
    backendName: () => 'none (weights only)',
    withPlan: fail,
    capture: fail,
    exportModel: fail,
    gradients: null,
    dispose: () => {},
  };
}
