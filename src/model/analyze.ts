/**
 * The first analysis of a loaded model, as a StudioConfig (src/quant/types.ts): every
 * quantizable layer at a uniform 8-bit fixed-point starting point, with its full SQNR
 * sweep (every weight scheme × 2..8 bits, per tensor and per filter; activation schemes
 * on calibration data when data fits the model), and the summary figures of that config
 * (summarizeLayers of src/quant/config/summary.ts, the cost conventions every method uses).
 * Methods (MXQN, CQ, EBS, budgets) start from this config and overwrite the choices.
 */
import { getQuantizer } from '../quant/registry';
import { costConfig, DEFAULT_INPUT_BITS } from '../quant/config/summary';
import { sweepActivations, sweepWeights, type SweepWeightsOptions, type WeightSweep } from '../quant/sweep';
import { NLQ_DEFAULT_UNIT } from '../quant/quantizers/nlq';
import { fixedParams } from '../quant/quantizers/fixed';
import { SWEEP_BITS, type LayerConfig, type StudioConfig, type WeightScheme } from '../quant/types';
import { captureActivations, exampleShape, type LayerActivations } from './activations';
import { oneLine, throwIfAborted } from './errors';
import { syntheticInputs, syntheticNote } from './synthetic';
import type { LoadedModel, QuantLayer } from './runtime/types';

export interface AnalyzeData {
  /** count examples back to back, each `shape` (e.g. 28·28·1 floats in 0..1). */
  images: Float32Array;
  count: number;
  shape: number[];
  /** Where the data came from, recorded in config.data.source (e.g. 'demo:mnist'). */
  source?: string;
}

export type AnalyzeStage = 'weights' | 'calibration' | 'activations';

/** The weight sweep of many layers; the CLI swaps in a worker-thread version. */
export type WeightSweepRunner = (
  layers: readonly Pick<QuantLayer, 'name' | 'weights' | 'filters'>[],
  opts: SweepWeightsOptions,
  onLayerDone: () => void,
  signal?: AbortSignal,
) => Promise<WeightSweep[]>;

export interface AnalyzeOptions {
  data?: AnalyzeData | null;
  /** Calibration examples to run (default 64; capped at data.count). */
  calibration?: number;
  onProgress?: (done: number, total: number, stage: AnalyzeStage) => void;
  signal?: AbortSignal;
  /** NLQ shared-unit FSR on normalised data (default 1, see quantizers/nlq.ts). */
  nlqUnit?: number;
  sweepRunner?: WeightSweepRunner;
  batchSize?: number;
  /**
   * When data is given but does not fit the model input: calibrate on seeded synthetic
   * inputs of the model's input shape (uniform 0..1, src/model/synthetic.ts) instead of
   * falling back to weights only (default true).
   */
  synthetic?: boolean;
  /**
   * The weight schemes to sweep (default: every scheme). A subset leaves the others out of
   * the sweep tables and is recorded in method.settings.sweepSchemes.
   */
  schemes?: readonly WeightScheme[];
  /**
   * Called once the weights are swept when activations are still to be measured on
   * calibration data: the config as it stands then (every weight table filled, activations
   * float, `data.calibration` 0 and a note saying they are being measured), so a caller can
   * show the weight analysis while the activations are captured. The capture waits for a
   * returned promise (the page draws the preview before the capture takes the CPU).
   */
  onWeightsSwept?: (preview: StudioConfig) => void | Promise<void>;
}

export const DEFAULT_CALIBRATION = 64;
const START_BITS = 8;

/**
 * In-process weight sweep, one layer at a time, checking the signal between layers; each
 * layer's sweep goes to `onSwept` as soon as it is done (the worker packs its per-filter
 * tables there for the page, src/quant/configWire.ts).
 */
export function sweepInProcessThen(onSwept: (index: number, sweep: WeightSweep) => void): WeightSweepRunner {
  return async (layers, opts, onLayerDone, signal) => {
    const out: WeightSweep[] = [];
    for (const l of layers) {
      throwIfAborted(signal);
      const sweep = sweepWeights(l.weights, l.filters, opts);
      onSwept(out.length, sweep);
      out.push(sweep);
      onLayerDone();
      await Promise.resolve();
    }
    return out;
  };
}

export const sweepInProcess: WeightSweepRunner = sweepInProcessThen(() => undefined);

function activationEntry(acts: LayerActivations | undefined, name: string) {
  if (!acts) return null;
  let nonNegative = true;
  for (let i = 0; i < acts.values.length; i++) {
    const v = acts.values[i];
    if (v - v !== 0) throw new Error(`layer '${name}': its activations hold ${Number.isNaN(v) ? 'NaN' : 'Infinity'} on the calibration data`);
    if (v < 0) nonNegative = false;
  }
  const signed = !nonNegative;
  const scale = getQuantizer('fixed').calibrate(acts.values, START_BITS, { signed }).scale;
  return { sweep: sweepActivations(acts.values), signed, scale };
}

export async function analyzeModel(loaded: LoadedModel, opts: AnalyzeOptions = {}): Promise<StudioConfig> {
  const nlqUnit = opts.nlqUnit ?? NLQ_DEFAULT_UNIT;
  const layers = loaded.layers;
  let note: string | undefined;
  let calibration = 0;
  let data = opts.data ?? null;
  let source = data ? (data.source ?? 'user') : 'none';
  if (!data) note = 'weights only: no calibration data given';
  else {
    const per = data.shape.reduce((a, b) => a * b, 1);
    const fits = exampleShape(loaded.input, per);
    const dims = loaded.input.shape.slice(1);
    const canSynthesize = opts.synthetic !== false && dims.length > 0 && dims.every((d) => d !== null && d > 0);
    if (typeof fits === 'string' && canSynthesize) {
      calibration = opts.calibration ?? DEFAULT_CALIBRATION;
      data = { images: syntheticInputs(dims as number[], calibration), count: calibration, shape: dims as number[], source: 'synthetic' };
      source = 'synthetic';
      note = syntheticNote(loaded.input.shape, calibration);
    } else if (typeof fits === 'string') note = `weights only: ${fits}`;
    else if (data.count === 0) note = 'weights only: the data set is empty';
    else calibration = Math.min(opts.calibration ?? DEFAULT_CALIBRATION, data.count);
  }
  const report = opts.onProgress ?? (() => {});
  let swept = 0;
  report(0, layers.length, 'weights');
  const sweeps = await (opts.sweepRunner ?? sweepInProcess)(
    layers, { nlqUnit, ...(opts.schemes ? { schemes: opts.schemes } : {}) }, () => report(++swept, layers.length, 'weights'), opts.signal,
  );
  if (calibration > 0 && data && opts.onWeightsSwept) {
    const measuring = `weights only so far: the activations of ${calibration} calibration images are being measured`;
    await opts.onWeightsSwept(buildConfig(loaded, sweeps, new Map(), { calibration: 0, source, note: measuring, nlqUnit, schemes: opts.schemes }));
    throwIfAborted(opts.signal);
  }
  let acts = new Map<string, LayerActivations>();
  if (calibration > 0 && data) {
    try {
      acts = await captureActivations(loaded, data.images.subarray(0, calibration * (data.images.length / data.count)), calibration, {
        signal: opts.signal, batchSize: opts.batchSize, onProgress: (d, t) => report(d, t, 'calibration'),
      });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      // The model cannot run (e.g. an op tfjs lacks): the weight analysis still stands.
      note = `weights only: the model could not run on the data (${oneLine(String((e as Error)?.message ?? e))})`;
      calibration = 0;
      if (source === 'synthetic') source = opts.data?.source ?? 'user';
    }
  }
  return buildConfig(loaded, sweeps, acts, { calibration, source, note, nlqUnit, schemes: opts.schemes, signal: opts.signal, report });
}

interface BuildOptions {
  calibration: number;
  source: string;
  note: string | undefined;
  nlqUnit: number;
  schemes?: readonly WeightScheme[];
  signal?: AbortSignal;
  report?: (done: number, total: number, stage: AnalyzeStage) => void;
}

/** The analysis config from the layers' weight sweeps and activations (none: weights only). */
function buildConfig(loaded: LoadedModel, sweeps: readonly WeightSweep[], acts: Map<string, LayerActivations>, o: BuildOptions): StudioConfig {
  const { calibration, source, note, nlqUnit } = o;
  const layers = loaded.layers;
  const report = o.report ?? (() => {});
  const configLayers: LayerConfig[] = [];
  for (const [i, l] of layers.entries()) {
    throwIfAborted(o.signal);
    const sw = sweeps[i];
    const a = activationEntry(acts.get(l.name), l.name);
    const wScale = fixedParams(sw.range, START_BITS, sw.signed).scale; // = fixed's calibrate on l.weights
    configLayers.push({
      name: l.name, kind: l.kind, weightShape: l.weightShape.slice(), filters: l.filters, params: l.params, macs: l.macs,
      producers: l.producers.slice(),
      weights: { scheme: 'fixed', bits: START_BITS, granularity: 'per-tensor', scales: [wScale] },
      activations: a ? { scheme: 'fixed', bits: START_BITS, signed: a.signed, scale: a.scale } : { scheme: 'float', bits: null },
      sqnr: {
        weightsDb: sw.weights.fixed?.[String(START_BITS)] ?? null,
        ...(a ? { activationsDb: a.sweep.fixed?.[String(START_BITS)] ?? null } : {}),
      },
      sweep: { weights: sw.weights, weightsPerFilter: sw.weightsPerFilter, ...(a ? { activations: a.sweep } : {}) },
    });
    if (calibration > 0) report(i + 1, layers.length, 'activations');
  }
  return costConfig({
    format: 'quantization-studio/config',
    version: 1,
    model: { name: loaded.name, hash: loaded.hash, format: loaded.format, parameters: loaded.parameters },
    method: {
      name: 'analysis',
      settings: {
        start: { weights: `fixed ${START_BITS}-bit per-tensor`, activations: calibration > 0 ? `fixed ${START_BITS}-bit` : 'float' },
        sweepBits: [...SWEEP_BITS], ...(o.schemes ? { sweepSchemes: [...o.schemes] } : {}), nlqUnit, batchNormFolded: layers.filter((l) => l.foldedBatchNorm).map((l) => l.name),
        skipped: loaded.skipped.map((s) => ({ ...s })),
      },
    },
    inputBits: DEFAULT_INPUT_BITS,
    data: { source, calibration, ...(note ? { note } : {}) },
    layers: configLayers,
    summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  });
}
