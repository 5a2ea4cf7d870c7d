/**
 * Honest evaluation of a StudioConfig on a loaded model: the config's weights and
 * activations are fake-quantized (applyConfig*.ts) and the model runs on the evaluation
 * images in batches, next to the float model on the same images. Measured:
 *   - accuracy: top-1 against the labels (null when the data is unlabeled);
 *   - agreement: fraction of images whose top-1 equals the float model's;
 *   - output SQNR: 10·log10(Σ f² / Σ (f − q)²) over every output value, float64 sums;
 *   - output cosine similarity: Σ f·q / (√Σ f² · √Σ q²) over every output value, float64
 *     sums (src/quant/cosine.ts) — with output SQNR the quality signal that needs no labels;
 *   - the same three with activations left float ("weight-only");
 *   - per layer: weight SQNR and scales, activation SQNR (on calibration data) and scale.
 * Results are cached by (model hash, data id, calibration id, decisions); the model's
 * runtime serialises the runs that edit its live model (LoadedModel.withPlan).
 */
import { argmaxRows } from '../quant/argmax';
import { summarizeLayers } from '../quant/config/summary';
import { cosineFromSums } from '../quant/cosine';
import { sqnrFromSums, sqnrToJson } from '../quant/sqnr';
import { sqnrHalfWidthDb } from '../quant/sqnrInterval';
import { wilsonInterval } from '../quant/wilson';
import type { SqnrJson, StudioConfig } from '../quant/types';
import { matchLayers, planWeights } from './applyConfig';
import { calibrateActivations, planActivations, type CalibrationActivations } from './applyConfigActivations';
import { throwIfAborted } from './errors';
import { LruCache } from '../quant/lru';
import { evaluationKey } from './evaluateCache';
import { exampleShape } from './runtime/input';
import type { LoadedModel, PlanRunner, QuantPlan } from './runtime/types';

export interface EvaluationData {
  /** Stable id of the images (and labels) for caches, e.g. 'demo:mnist:test:2000'. */
  id: string;
  images: Float32Array;
  labels: Uint8Array | null;
  count: number;
}

export interface CalibrationData {
  id: string;
  images: Float32Array;
  count: number;
}

type EvaluationStage = 'float' | 'calibration' | 'weights' | 'full';
/**
 * A quantized pass's figure over the images done so far: top-1 accuracy on labelled data,
 * else agreement with the float model's top-1, with its 95 % Wilson interval.
 */
export interface RunningFigure { metric: 'accuracy' | 'agreement'; value: number; low: number; high: number; images: number }
export interface EvaluationProgress { stage: EvaluationStage; done: number; total: number; running?: RunningFigure }

interface EvaluateOptions {
  /** Images per forward pass (default 256). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: EvaluationProgress) => void;
  /** 'both' (default) measures weight-only and full; searches may ask for one pass. */
  passes?: 'both' | 'full' | 'weights';
  /** Calibration images for activation ranges (default: the first 64 evaluation images). */
  calibration?: CalibrationData;
  /**
   * The first images of `data` (firstImages: the same buffer, from its start) evaluated
   * already with the same decisions and calibration: their pass outputs (and the float
   * model's) are taken from that evaluation (kept per model, PASS_CACHE_SIZE of them) instead
   * of being run again. A curve's
   * final round reuses its preview this way. Ignored when nothing of it is kept.
   */
  prefix?: EvaluationData;
}

/** Pass outputs kept for reuse as a prefix (a curve's previews: one per budget and pass). */
const PASS_CACHE_SIZE = 32;

interface PassFigures {
  accuracy: number | null;
  agreement: number;
  outputSqnrDb: SqnrJson;
  /** Cosine similarity of the outputs with the float model's, in [−1, 1] (1 = same direction). */
  outputCosine: number;
  /** Standard error of outputSqnrDb from the images' spread (src/quant/sqnrInterval.ts: z = 1), in dB. */
  outputSqnrSeDb: number;
  /** Top-1 class per evaluation image: what paired tests (src/quant/stats) compare on the same images. */
  preds: Int32Array;
}

interface LayerFigures {
  name: string;
  weightsDb?: SqnrJson;
  scales?: number[];
  activationsDb?: SqnrJson;
  activationScale?: number;
  activationSigned?: boolean;
}

export interface EvaluationResult {
  count: number;
  labeled: boolean;
  floatAccuracy: number | null;
  /** Weights and activations quantized (null when only the weight pass ran). */
  full: PassFigures | null;
  /** Weights quantized, activations float (null when only the full pass ran). */
  weightsOnly: PassFigures | null;
  layers: LayerFigures[];
  dataId: string;
  calibrationId: string;
  ms: number;
  backend: string;
}

export const DEFAULT_EVAL_BATCH = 256;
const DEFAULT_CALIBRATION_IMAGES = 64;

export interface FloatReference { outputs: Float32Array; classes: number; preds: Int32Array; accuracy: number | null }
interface ModelCaches {
  float: Map<string, FloatReference>;
  calibration: Map<string, CalibrationActivations>;
  results: LruCache<EvaluationResult>;
  passes: LruCache<PassOutput>;
}
const caches = new WeakMap<LoadedModel, ModelCaches>();

function cachesOf(loaded: LoadedModel): ModelCaches {
  let c = caches.get(loaded);
  if (!c) caches.set(loaded, (c = { float: new Map(), calibration: new Map(), results: new LruCache(256), passes: new LruCache(PASS_CACHE_SIZE) }));
  return c;
}


interface PassOutput { outputs: Float32Array; preds: Int32Array; classes: number }

/** The running figure after `done` images: hits against labels, else against the float top-1. */
function runningFigure(preds: Int32Array, done: number, labels: Uint8Array | null, floatPreds: Int32Array): RunningFigure {
  const truth = labels ?? floatPreds;
  let k = 0;
  for (let i = 0; i < done; i++) if (preds[i] === truth[i]) k++;
  const [low, high] = wilsonInterval(k, done);
  return { metric: labels ? 'accuracy' : 'agreement', value: done ? k / done : 0, low, high, images: done };
}

const FLOAT_PLAN: QuantPlan = { weights: [], activations: [] };

/**
 * Runs every image through the runner in batches (with or without the plan's activation
 * quantization). With `floatPreds` (a quantized pass), each progress report carries the
 * figure so far (runningFigure), so the page can show a first answer long before the pass ends.
 */
async function runPass(loaded: LoadedModel, data: EvaluationData, runner: PlanRunner, activations: boolean,
  stage: EvaluationStage, opts: EvaluateOptions, floatPreds?: Int32Array, prefix?: PassOutput): Promise<PassOutput> {
  const per = data.images.length / Math.max(data.count, 1);
  const dims = exampleShape(loaded.input, per);
  if (typeof dims === 'string') throw new Error(dims);
  const batch = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_EVAL_BATCH));
  let outputs: Float32Array | null = null;
  let classes = 0;
  const preds = new Int32Array(data.count);
  const reused = prefix && prefix.preds.length <= data.count ? prefix.preds.length : 0;
  if (prefix && reused > 0) {
    classes = prefix.classes;
    outputs = new Float32Array(data.count * classes);
    outputs.set(prefix.outputs.subarray(0, reused * classes));
    preds.set(prefix.preds.subarray(0, reused));
  }
  for (let start = reused; start < data.count; start += batch) {
    throwIfAborted(opts.signal);
    const n = Math.min(batch, data.count - start);
    const v = await runner.run(data.images.subarray(start * per, (start + n) * per), n, { activations });
    classes = v.length / n;
    if (!outputs) outputs = new Float32Array(data.count * classes);
    outputs.set(v, start * classes);
    argmaxRows(v, n, classes, preds, start);
    opts.onProgress?.({
      stage, done: start + n, total: data.count,
      ...(floatPreds ? { running: runningFigure(preds, start + n, data.labels, floatPreds) } : {}),
    });
    await new Promise((r) => setTimeout(r, 0));
  }
  return { outputs: outputs ?? new Float32Array(0), preds, classes };
}

function accuracyOf(preds: Int32Array, labels: Uint8Array | null): number | null {
  if (!labels) return null;
  let ok = 0;
  for (let i = 0; i < preds.length; i++) if (preds[i] === labels[i]) ok++;
  return preds.length ? ok / preds.length : null;
}

function compare(ref: FloatReference, pass: PassOutput, labels: Uint8Array | null): PassFigures {
  let agree = 0;
  for (let i = 0; i < pass.preds.length; i++) if (pass.preds[i] === ref.preds[i]) agree++;
  let signal = 0;
  let noise = 0;
  let dot = 0;
  let qq = 0;
  // Per image too: how precisely the output SQNR is known (its standard error).
  const images = pass.preds.length;
  const per = images > 0 ? ref.outputs.length / images : 0;
  const signalOf = new Float64Array(images);
  const noiseOf = new Float64Array(images);
  for (let m = 0, i = 0; m < images; m++) {
    let s = 0;
    let e = 0;
    for (const end = i + per; i < end; i++) {
      const f = ref.outputs[i];
      const q = pass.outputs[i];
      const d = f - q;
      s += f * f;
      e += d * d;
      // The totals are summed element by element, as always (the per-image sums are for the error only).
      signal += f * f;
      noise += d * d;
      dot += f * q;
      qq += q * q;
    }
    signalOf[m] = s;
    noiseOf[m] = e;
  }
  return {
    outputSqnrSeDb: sqnrHalfWidthDb(signalOf, noiseOf, 1),
    accuracy: accuracyOf(pass.preds, labels),
    preds: pass.preds,
    agreement: pass.preds.length ? agree / pass.preds.length : 0,
    outputSqnrDb: sqnrToJson(sqnrFromSums(signal, noise)),
    outputCosine: cosineFromSums({ dot, ff: signal, qq }),
  };
}

/**
 * The float model's outputs on the data (cached per data id); those of a prefix of it
 * (opts.prefix, when cached) are reused, not run again.
 */
async function floatReference(loaded: LoadedModel, data: EvaluationData, opts: EvaluateOptions = {}): Promise<FloatReference> {
  const c = cachesOf(loaded);
  const hit = c.float.get(data.id);
  if (hit) return hit;
  const prefix = opts.prefix && isPrefixOf(opts.prefix, data) ? c.float.get(opts.prefix.id) : undefined;
  const pass = await loaded.withPlan(FLOAT_PLAN, (runner) => runPass(loaded, data, runner, false, 'float', opts, undefined, prefix));
  const ref = { outputs: pass.outputs, classes: pass.classes, preds: pass.preds, accuracy: accuracyOf(pass.preds, data.labels) };
  c.float.set(data.id, ref);
  return ref;
}

function defaultCalibration(data: EvaluationData): CalibrationData {
  const n = Math.min(DEFAULT_CALIBRATION_IMAGES, data.count);
  const per = data.images.length / Math.max(data.count, 1);
  return { id: `${data.id}:first${n}`, images: data.images.subarray(0, n * per), count: n };
}

async function calibrationFor(loaded: LoadedModel, cal: CalibrationData, opts: EvaluateOptions): Promise<CalibrationActivations> {
  const c = cachesOf(loaded);
  let hit = c.calibration.get(cal.id);
  if (!hit) {
    opts.onProgress?.({ stage: 'calibration', done: 0, total: cal.count });
    hit = await calibrateActivations(loaded, cal.images, cal.count, cal.id, { signal: opts.signal, batchSize: opts.batchSize });
    c.calibration.set(cal.id, hit);
  }
  return hit;
}

/** Whether `prefix` is the first images of `data`: the same buffer from the same start, no more images. */
function isPrefixOf(prefix: EvaluationData, data: EvaluationData): boolean {
  const a = prefix.images;
  const b = data.images;
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length <= b.length && prefix.count <= data.count &&
    a.length * data.count === b.length * prefix.count;
}

/** Evaluates `config` on `data` (see module comment). */
export async function evaluateConfig(loaded: LoadedModel, data: EvaluationData, config: StudioConfig, opts: EvaluateOptions = {}): Promise<EvaluationResult> {
  if (config.model.hash && config.model.hash !== loaded.hash) {
    throw new Error(`config is for model ${config.model.name} (hash ${config.model.hash.slice(0, 12)}…), not the loaded ${loaded.name} (${loaded.hash.slice(0, 12)}…)`);
  }
  matchLayers(loaded, config);
  const passes = opts.passes ?? 'both';
  const cal = opts.calibration ?? defaultCalibration(data);
  const key = evaluationKey(loaded.hash, data.id, cal.id, config, passes);
  const c = cachesOf(loaded);
  const cached = c.results.get(key);
  if (cached) return cached;
  const t0 = performance.now();
  const ref = await floatReference(loaded, data, opts);
  const wPlan = planWeights(loaded, config);
  const needsActs = config.layers.some((l) => l.activations.scheme !== 'float' && l.activations.bits !== null);
  const calib = needsActs ? await calibrationFor(loaded, cal, opts) : null;
  const aPlan = planActivations(loaded, config, calib);
  const plan: QuantPlan = { weights: wPlan.weights, activations: aPlan.map(({ layer, point, params }) => ({ layer, point, params })) };
  // Each pass's outputs are kept (by data, decisions and calibration) for a later evaluation
  // of a superset of these images (opts.prefix).
  const passKey = (dataId: string, acts: boolean) => evaluationKey(loaded.hash, dataId, cal.id, config, acts ? 'pass:full' : 'pass:weights');
  const prefix = opts.prefix && isPrefixOf(opts.prefix, data) ? opts.prefix : null;
  const pass = async (runner: PlanRunner, acts: boolean) => {
    const out = await runPass(loaded, data, runner, acts, acts ? 'full' : 'weights', opts, ref.preds,
      prefix ? c.passes.get(passKey(prefix.id, acts)) : undefined);
    c.passes.set(passKey(data.id, acts), out);
    return out;
  };
  const { weightsOnly, full } = await loaded.withPlan(plan, async (runner) => {
    let weightsOnly: PassFigures | null = null;
    let full: PassFigures | null = null;
    if (passes !== 'full' || aPlan.length === 0) weightsOnly = compare(ref, await pass(runner, false), data.labels);
    if (passes !== 'weights') {
      if (aPlan.length === 0) full = weightsOnly;
      else full = compare(ref, await pass(runner, true), data.labels);
    }
    return { weightsOnly, full };
  });
  const byLayer = new Map(aPlan.map((e) => [e.layer, e]));
  const layers: LayerFigures[] = config.layers.map((l) => {
    const w = wPlan.layers.get(l.name);
    const a = byLayer.get(l.name);
    return {
      name: l.name,
      ...(w ? { weightsDb: sqnrToJson(w.sqnrDb), scales: w.scales } : {}),
      ...(a ? { activationsDb: sqnrToJson(a.sqnrDb), activationScale: a.params.scale, activationSigned: a.params.signed } : {}),
    };
  });
  const result: EvaluationResult = {
    count: data.count, labeled: data.labels !== null, floatAccuracy: ref.accuracy, full, weightsOnly, layers,
    dataId: data.id, calibrationId: cal.id, ms: performance.now() - t0, backend: loaded.backendName(),
  };
  c.results.set(key, result);
  return result;
}

/**
 * The config with its measured figures written in: summary (accuracy, weightOnlyAccuracy,
 * agreement, outputSqnrDb, outputCosine, cost figures) and per layer the SQNRs and the scales used.
 */
export function withEvaluation(config: StudioConfig, r: EvaluationResult, evaluatedOn?: string): StudioConfig {
  const byName = new Map(r.layers.map((l) => [l.name, l]));
  const layers = config.layers.map((l) => {
    const f = byName.get(l.name);
    const out = { ...l, weights: { ...l.weights }, activations: { ...l.activations } };
    if (f?.scales) out.weights.scales = f.scales.slice();
    else delete out.weights.scales;
    if (f?.activationScale !== undefined) {
      out.activations.scale = f.activationScale;
      out.activations.signed = f.activationSigned;
    }
    const sqnr = { ...(f?.weightsDb !== undefined ? { weightsDb: f.weightsDb } : {}), ...(f?.activationsDb !== undefined ? { activationsDb: f.activationsDb } : {}) };
    if (Object.keys(sqnr).length) out.sqnr = sqnr;
    else delete out.sqnr;
    return out;
  });
  const main = r.full ?? r.weightsOnly;
  return {
    ...config,
    layers,
    summary: {
      ...config.summary,
      ...summarizeLayers(layers, config.inputBits),
      accuracy: main?.accuracy ?? null,
      weightOnlyAccuracy: r.weightsOnly?.accuracy ?? null,
      agreement: main?.agreement ?? null,
      outputSqnrDb: main?.outputSqnrDb ?? null,
      outputCosine: main?.outputCosine ?? null,
      evaluatedOn: evaluatedOn ?? `${r.dataId} (${r.count} images, ${r.backend})`,
    },
  };
}
