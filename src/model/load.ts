/**
 * Loads a dropped tfjs model (model.json + weight shards, as a file map) into a
 * LayersModel or GraphModel. Used by the browser worker and the CLI alike.
 *
 * Everything is checked before tfjs sees it (prepare.ts: safe JSON, manifest, shard sizes,
 * finite weights); every failure is a ModelLoadError with a one-line message naming the file.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { GraphModel } from '@tensorflow/tfjs-converter';
import { ModelLoadError, oneLine, requireQuantizable } from './errors';
import { listGraphModelLayers } from './graphLayers';
import { listLayersModelLayers } from './layers';
import type { WeightSpec } from './manifest';
import { prepareModelFiles, type LoadOptions, type PreparedModel } from './prepare';
import { isPlainObject } from './safeJson';
import { registerUnsupportedLayers } from './unsupportedLayers';
import { channelsLastInput } from './runtime/input';
import type { ModelOutput } from './runtime/types';
import { tfjsModel } from './tfjs/tfjsModel';
import type { TfjsModel } from './tfjs/types';
import { kernelSource } from './weightViews';

export { ModelLoadError } from './errors';
export { findModelJson, prepareModelFiles, type LoadOptions, type PreparedModel } from './prepare';

/**
 * tfjs-layers reports a weight of the wrong shape without naming it ("Layer weight shape
 * 1152,10 not compatible with provided weight shape 10,1152"); find the manifest entry
 * with the provided shape and name it.
 */
function nameShapeMismatch(message: string, specs: readonly WeightSpec[]): string {
  const m = /Layer weight shape (\S*) not compatible with provided weight shape (\S*)/.exec(message)
    ?? /Shape mismatch: \[([^\]]*)\] vs\. \[([^\]]*)\]/.exec(message);
  if (!m) return message;
  const [expected, provided] = [m[1].replace(/\s/g, ''), m[2].replace(/\s/g, '')];
  const suspects = specs.filter((s) => s.shape.join(',') === provided);
  const which = suspects.length === 1 ? `weight '${suspects[0].name}'` : suspects.length > 1
    ? `one of the weights ${suspects.map((s) => `'${s.name}'`).join(', ')}` : 'a weight';
  return `shape mismatch: ${which} has shape [${provided}] in weightsManifest, but its layer expects [${expected}]`;
}

/** Runs a tfjs call with its console chatter silenced; tfjs errors become ModelLoadErrors. */
async function quietly<T>(what: string, fn: () => Promise<T>, specs: readonly WeightSpec[] = []): Promise<T> {
  const { warn, log } = console;
  console.warn = () => {};
  console.log = () => {};
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ModelLoadError) throw e;
    const msg = oneLine((e as Error)?.message ?? String(e));
    throw new ModelLoadError(`model.json: ${what}: ${nameShapeMismatch(msg, specs)}`, 'model.json');
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

/** With non-strict loading (stand-ins present), every real weight must still come from the manifest. */
function checkAllWeightsGiven(model: tfl.LayersModel, specs: readonly WeightSpec[]): void {
  const given = new Set(specs.map((s) => s.name));
  for (const w of model.weights) {
    if (!given.has(w.originalName)) {
      throw new ModelLoadError(`model.json: weight '${w.originalName}' is missing from weightsManifest`, 'model.json');
    }
  }
}

export async function loadModelFromFiles(files: Map<string, Uint8Array>, opts: LoadOptions = {}): Promise<TfjsModel> {
  return loadPreparedModel(await prepareModelFiles(files, opts));
}

/**
 * The tfjs model built from the prepared files. The in-memory IO handler (it holds the
 * weight bytes) lives only in this function: closures made here end with it, so nothing
 * the returned LoadedModel keeps can reach those bytes (a LayersModel copies them into
 * its tensors; a GraphModel keeps them itself, as model.artifacts, for export).
 * `release` empties prepared.weightData once the model is built.
 */
async function buildModel(
  prepared: PreparedModel, unsupported: ReadonlySet<string>, release = false, stage = false,
): Promise<tfl.LayersModel | GraphModel> {
  return stage ? onCpu(() => buildModelNow(prepared, unsupported, release)) : buildModelNow(prepared, unsupported, release);
}

/**
 * Runs `fn` with tfjs's cpu backend current, then makes the previous backend current again.
 * Tensors made meanwhile keep their values in JS arrays; tfjs moves each into the current
 * backend the first time a kernel there reads it (engine.moveData), and the JS array is then
 * freed. Used to build a model: a LayersModel first gets placeholder zeros for every weight
 * and only then the decoded weights, so building it on wasm leaves the wasm heap at twice the
 * weights (heaps never shrink), while on cpu the placeholders are garbage-collected.
 */
async function onCpu<T>(fn: () => Promise<T>): Promise<T> {
  const current = tf.getBackend();
  if (!current || current === 'cpu' || !tf.findBackend('cpu')) return fn();
  await tf.setBackend('cpu');
  try {
    return await fn();
  } finally {
    await tf.setBackend(current);
  }
}

async function buildModelNow(
  prepared: PreparedModel, unsupported: ReadonlySet<string>, release: boolean,
): Promise<tfl.LayersModel | GraphModel> {
  const { format, json, weightSpecs, weightData } = prepared;
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
    weightData,
    format,
    ...(isPlainObject(json.signature) ? { signature: json.signature } : {}),
    ...(isPlainObject(json.modelInitializer) ? { modelInitializer: json.modelInitializer } : {}),
    ...(isPlainObject(json.userDefinedMetadata) ? { userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'] } : {}),
  };
  const handler = tf.io.fromMemory(artifacts);
  if (format === 'layers-model') {
    const model = await quietly('tfjs could not build the LayersModel',
      () => tfl.loadLayersModel(handler, { strict: unsupported.size === 0 }), weightSpecs);
    if (unsupported.size > 0) checkAllWeightsGiven(model, weightSpecs);
    if (release) prepared.weightData = new ArrayBuffer(0);
    return model;
  }
  const model = new GraphModel(handler);
  await quietly('tfjs could not build the GraphModel', () => model.load().then(() => undefined));
  if (release) prepared.weightData = new ArrayBuffer(0);
  return model;
}

interface LoadPreparedOptions {
  /**
   * Empty prepared.weightData once tfjs has built the model, before the layers' weights are
   * extracted, so the bytes can be freed early (the CLI: the prepared model is not used
   * again). Default false: prepared is left as it was.
   */
  releaseWeightData?: boolean;
  /**
   * Called once the tfjs model is built (and prepared.weightData released, if asked),
   * before the layers' weights are extracted: the CLI collects garbage there, so the dead
   * weight bytes are not resident beside both the tensors and the extracted weights.
   */
  onBuilt?: () => void;
  /**
   * The layers' kernels are read where they lie in the weight bytes instead of copied out
   * of tfjs's tensors (weightViews.ts): a LayersModel's kernels become views of those bytes,
   * batch norm folded in place (tfjs copied them into its tensors and keeps no reference);
   * a GraphModel's unfolded kernels become read-only views of the bytes it keeps itself.
   * Saves one copy of the weights. Default false (the CLI lends each layer's own buffer to
   * its sweep threads).
   */
  shareWeights?: boolean;
  /**
   * Build the tfjs model with the cpu backend current (see onCpu): its weights reach the
   * wasm heap (or the GPU) only when the model first runs, once each, instead of twice
   * (placeholders, then the weights) at load. Default false.
   */
  stageOnCpu?: boolean;
}

/** Builds the tfjs model from checked files and lists its quantizable layers. */
export async function loadPreparedModel(prepared: PreparedModel, opts: LoadPreparedOptions = {}): Promise<TfjsModel> {
  const { format, name, hash, json, parameters, topology, droppedKeys } = prepared;
  // No closure made here may use `prepared`: the LoadedModel's closures would keep it alive.
  const kernels = opts.shareWeights
    ? kernelSource(prepared.weightSpecs, prepared.weightData, format === 'layers-model') : undefined;
  if (format === 'layers-model') {
    const unsupported = registerUnsupportedLayers(json.modelTopology);
    const model = await buildModel(prepared, unsupported, opts.releaseWeightData, opts.stageOnCpu) as tfl.LayersModel;
    opts.onBuilt?.();
    const listed = await quietly('could not read its layers', async () => listLayersModelLayers(model, unsupported, kernels));
    requireQuantizable(listed);
    const input = model.inputs[0];
    return tfjsModel({
      handle: { format, model }, name, hash, parameters, ...listed, droppedKeys,
      input: channelsLastInput(input.name, input.shape.slice()),
      outputs: model.outputs.map((o): ModelOutput => ({ name: o.name, shape: o.shape.slice(), node: o.sourceLayer.name })),
    });
  }
  const model = await buildModel(prepared, new Set(), opts.releaseWeightData, opts.stageOnCpu) as GraphModel;
  opts.onBuilt?.();
  const listed = await quietly('could not read its nodes', async () => listGraphModelLayers(model, topology!, kernels));
  requireQuantizable(listed);
  const dims = (s: number[] | undefined) => (s ?? []).map((d) => (d < 0 ? null : d));
  return tfjsModel({
    handle: { format: 'graph-model', model }, name, hash, parameters, ...listed, droppedKeys,
    input: channelsLastInput(model.inputs[0]?.name ?? 'input', dims(model.inputs[0]?.shape)),
    outputs: model.outputs.map((o): ModelOutput => ({ name: o.name, shape: dims(o.shape), node: o.name.split(':')[0] })),
  });
}


/**
 * For weights-only work: disposes the tfjs model and returns the listing without it. The
 * layers' own Float32Arrays (folded weights, biases) are all a weight analysis reads; the
 * model's tensors (and a GraphModel's copy of the weight bytes) can then be freed.
 * On the result, `model` and `predict` throw; `dispose` does nothing.
 */
export function releaseTfjsModel(loaded: TfjsModel): TfjsModel {
  loaded.dispose();
  const released = (): never => {
    throw new Error(`${loaded.name}: the tfjs model was released after a weights-only load`);
  };
  // Fields copied one by one: spreading a released model would read its throwing getters.
  const { format, name, hash, parameters, droppedKeys, input, outputs, layers, skipped, shapeSource, backendName } = loaded;
  return {
    format, name, hash, parameters, droppedKeys, input, outputs, layers, skipped, backendName,
    ...(shapeSource ? { shapeSource } : {}),
    capabilities: { ...loaded.capabilities, gradients: { available: false, reason: 'the tfjs model was released after a weights-only load' } },
    get handle(): never { return released(); },
    get model(): never { return released(); },
    predict: released,
    withPlan: released,
    capture: released,
    exportModel: released,
    gradients: null,
    dispose: () => {},
  };
}
