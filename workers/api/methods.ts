/**
 * Methods part of the worker API: evaluate a config, run one bit-width method or a whole
 * curve of it (Pareto points), export the quantized model. Thin: the work is in
 * src/model/evaluate*.ts, src/model/export.ts and src/quant/methods (the CLI uses the same).
 *
 * Data: the sets come from src/model/dataSets.ts, as in the CLI — demo: evaluated on the
 * 2,000 test digits, calibrated on 64 balanced train digits, CQ and EBS learn on the train
 * split (CQ checks its ε on 500 balanced train digits); dropped images: evaluated on all,
 * the first 64 calibrate, CQ and EBS learn on the same images, which the config's data note says.
 * Batches and the number of synthetic inputs are sized by the model (./evalBudget.ts): a
 * 25M-parameter ResNet-50 runs 3 images per pass on 33 synthetic inputs, the demos 256.
 * Progress: { phase, done, total, etaMs, loss?, accuracy?, message? }, at most every 100 ms.
 * Cancel = terminate the worker (the bridge does it); nothing here needs a signal.
 */
import { transfer } from 'comlink';
import { parseMnistBinary, type MnistDataset } from '../../src/data/mnistBinary';
import { exampleShape } from '../../src/model/runtime/input';
import { demoSets, imageSets, learnsOnEvaluation, syntheticSets } from '../../src/model/dataSets';
import { evaluateConfig, withEvaluation } from '../../src/model/evaluate';
import { getMethod, isMethodName, listMethods, type MethodData, type MethodName, type MethodProgress, type RegisteredMethodInfo } from '../../src/model/methods';
import { runMethod as runMethodOn } from '../../src/model/methods/run';
import { runCurve as runCurveOn, type CurvePoint } from '../../src/model/curve';
import type { RunningFigure } from '../../src/model/evaluate';
import { exportQuantizedModel, zipModel } from '../../src/model/export';
import { encodingNamesOf } from '../../src/model/encodingNames';
import { writeEncodings, type EncodingFormatId, type WrittenEncodings } from '../../src/quant/export/formats';
import type { StudioConfig } from '../../src/quant/types';
import { withoutSweeps } from '../../src/quant/config/sweeps';
import { session } from '../session';
import type { AnalysisRef } from '../analyses';
import { analysisBase } from './analysis';
import { evaluationBatch, syntheticEvalCount } from './evalBudget';

export interface MethodJobProgress {
  phase: string;
  done: number;
  total: number;
  etaMs: number | null;
  /** EBS: current training loss. */
  loss?: number;
  /** CQ: validation accuracy of the last candidate. */
  accuracy?: number;
  message?: string;
  /** Evaluation: the quantized pass's figure over the images done so far. */
  running?: RunningFigure;
}
export type MethodProgressCallback = (p: MethodJobProgress) => void;

export interface ExportedModelFiles {
  files: { name: string; bytes: Uint8Array }[];
  /** Layers (or activations) the file holds differently from the config, with the reason. */
  notes: { layer: string; reason: string }[];
  weightBytes: number;
  floatWeightBytes: number;
}

export interface ExportedModelFile {
  /** A zip holding model/model.json and model/group1-shard1of1.bin. */
  zip: Uint8Array;
  weightBytes: number;
  floatWeightBytes: number;
  /** Per quantized kernel: how it is stored, and why when not uint8. */
  kernels: { layer: string; dtype: string; note?: string }[];
}

const PHASES: Record<string, string> = {
  importance: 'Class importance (gradients)', search: 'Searching bit-widths', train: 'Training bit strengths',
  'evaluate:float': 'Evaluating (float reference)', 'evaluate:calibration': 'Calibrating activations',
  'evaluate:weights': 'Evaluating (weights quantized)', 'evaluate:full': 'Evaluating (weights + activations)',
};

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** "agreement so far 91.4% (88.2–93.8%, 192 images)": a first answer while the pass runs. */
export function runningText(r: RunningFigure): string {
  return `${r.metric} so far ${pct(r.value)} (95% ${pct(r.low)}–${pct(r.high)}, ${r.images} images)`;
}

/** Throttles progress to one message per `everyMs` (always the last of a phase) with an ETA. */
function progressSender(send: MethodProgressCallback | undefined, everyMs = 100) {
  let last = 0;
  let phase = '';
  let phaseStart = 0;
  return (p: MethodProgress) => {
    if (!send) return;
    const now = performance.now();
    const name = PHASES[p.stage] ?? p.stage;
    if (name !== phase) {
      phase = name;
      phaseStart = now;
    }
    if (p.done < p.total && now - last < everyMs) return;
    last = now;
    const elapsed = now - phaseStart;
    const etaMs = p.done > 0 && elapsed > 0 ? Math.round((elapsed / p.done) * (p.total - p.done)) : null;
    const message = [p.message, p.running ? runningText(p.running) : ''].filter(Boolean).join(' · ');
    const msg: MethodJobProgress = { phase: name, done: p.done, total: p.total, etaMs,
      ...(p.loss !== undefined ? { loss: p.loss } : {}), ...(p.accuracy !== undefined ? { accuracy: p.accuracy } : {}),
      ...(message ? { message } : {}), ...(p.running ? { running: p.running } : {}) };
    void Promise.resolve(send(msg)).catch(() => undefined);
  };
}

function requireModel() {
  if (!session.model) throw new Error('no model loaded');
  return session.model;
}

let demoDigits: Promise<MnistDataset> | null = null;
const demoData = new Map<boolean, MethodData>();

/** The demo digits file, fetched and parsed once per worker (the page loaded it already: HTTP cache). */
function fetchDemoDigits(): Promise<MnistDataset> {
  demoDigits ??= (async () => {
    const base = new URL(import.meta.env.BASE_URL ?? '/', self.location.origin);
    const res = await fetch(new URL('data/mnist.bin', base));
    if (!res.ok) throw new Error(`data/mnist.bin: HTTP ${res.status}`);
    return parseMnistBinary(await res.arrayBuffer());
  })().catch((e: unknown) => {
    demoDigits = null;
    throw e;
  });
  return demoDigits;
}

/**
 * The sets a method run uses (src/model/dataSets.ts, as the CLI builds them): the session's
 * images, or — when they do not fit the model's input — seeded synthetic inputs of its
 * shape (fidelity only), the same rule the analysis and the CLI follow. `learning`: CQ/EBS
 * also get train and validation sets.
 */
async function methodData(learning: boolean): Promise<MethodData> {
  const d = session.data;
  if (!d) throw new Error('no data loaded: evaluation needs images (load the demo digits or drop a folder)');
  const model = requireModel();
  const fits = exampleShape(model.input, d.images.length / Math.max(d.count, 1));
  if (typeof fits === 'string') {
    const dims = model.input.shape.slice(1);
    if (!dims.every((v) => v !== null && v > 0)) throw new Error(`evaluation impossible: ${fits}`);
    return syntheticSets(dims as number[], { evaluation: syntheticEvalCount(model.layers) });
  }
  if (d.summary.source === 'demo') {
    const ds = await fetchDemoDigits();
    let data = demoData.get(learning);
    if (!data) demoData.set(learning, data = demoSets(ds, { learning }));
    return data;
  }
  return imageSets({ id: d.summary.key, images: d.images, labels: d.labels, count: d.count }, { learning });
}

/**
 * A method's config as it goes back to the page: with the data note, without the sweep
 * tables (the page has the analysis' and re-attaches them by layer name).
 */
function result(config: StudioConfig, data: MethodData): StudioConfig {
  if (learnsOnEvaluation(data)) {
    config.data = { ...(config.data ?? { source: data.evaluation.id }), note: 'CQ/EBS learned on the same images they are evaluated on: figures are optimistic' };
  }
  return withoutSweeps(config);
}

export const methodsApi = {
  /** The methods, their knobs, defaults and curve budgets. */
  listMethods(): RegisteredMethodInfo[] {
    return listMethods();
  },

  /**
   * Evaluates any config on the session data; returns it with summary and per-layer SQNRs
   * filled in, without sweep tables (the page sends none; evaluation reads none).
   * `passes: 'full'` skips the weight-only pass (live updates after an edit: half the work).
   */
  async evaluate(config: StudioConfig, onProgress?: MethodProgressCallback, opts: { passes?: 'both' | 'full' } = {}): Promise<StudioConfig> {
    const model = requireModel();
    const data = await methodData(false);
    const send = progressSender(onProgress);
    const r = await evaluateConfig(model, data.evaluation, config, {
      calibration: data.calibration,
      passes: opts.passes ?? 'both',
      batchSize: evaluationBatch(model.layers),
      onProgress: (p) => send({ method: 'uniform', stage: `evaluate:${p.stage}`, done: p.done, total: p.total }),
    });
    return withoutSweeps(withEvaluation(config, r));
  },

  /**
   * Runs one method at one budget (null = its default) from the analysis `base` names
   * (workers/analyses.ts; recomputed on a miss): the evaluated config, a Pareto point.
   */
  async runMethod(method: MethodName, budget: number | null, onProgress?: MethodProgressCallback,
    settings?: Record<string, unknown>, base: AnalysisRef | null = null): Promise<StudioConfig> {
    if (!isMethodName(method)) throw new Error(`unknown method "${String(method)}"`);
    const model = requireModel();
    const data = await methodData(getMethod(method).info.needsGradients);
    const run = await runMethodOn(model, await analysisBase(base), method, data, {
      budget, settings, batchSize: evaluationBatch(model.layers), onProgress: progressSender(onProgress),
    });
    return result(run.config, data);
  },

  /**
   * Runs a method across budgets (default: its curve): one evaluated config per budget, in
   * progressive order (ends first, then bisection; src/model/curve.ts), each sent to
   * `onPoint` as soon as it is measured — a preview on a quarter of a large evaluation set
   * first, then the final figure — so a cancelled curve keeps its points.
   */
  async runCurve(method: MethodName, budgets: number[] | null, onProgress?: MethodProgressCallback,
    settings?: Record<string, unknown>, base: AnalysisRef | null = null, onPoint?: (p: CurvePoint) => void): Promise<StudioConfig[]> {
    if (!isMethodName(method)) throw new Error(`unknown method "${String(method)}"`);
    const model = requireModel();
    const info = getMethod(method).info;
    const data = await methodData(info.needsGradients);
    const b = await analysisBase(base);
    const send = progressSender(onProgress);
    const configs = await runCurveOn(model, b, method, data, {
      budgets: budgets ?? info.curve, settings, batchSize: evaluationBatch(model.layers),
      onProgress: (p, at) => send({ ...p, message: `${info.knob} = ${at.budget}, ${at.round} (point ${at.index + 1}/${at.total})${p.message ? `: ${p.message}` : ''}` }),
      onPoint: onPoint ? (p) => void Promise.resolve(onPoint({ ...p, config: result(p.config, data) })).catch(() => undefined) : undefined,
    });
    return configs.map((c) => result(c, data));
  },

  /** The config's quantized model as a zip of stock tfjs files (weights as evaluated, activations float). */
  async exportModel(config: StudioConfig): Promise<ExportedModelFile> {
    const model = requireModel();
    const ex = await exportQuantizedModel(model, config);
    const zip = zipModel(ex.files, model.name.replace(/[^\w.-]+/g, '_') || 'model');
    const out: ExportedModelFile = {
      zip, weightBytes: ex.weightBytes, floatWeightBytes: ex.floatWeightBytes,
      kernels: ex.tensors.filter((t) => t.layer).map((t) => ({ layer: t.layer!, dtype: t.dtype, ...(t.note ? { note: t.note } : {}) })),
    };
    return transfer(out, [zip.buffer]);
  },

  /** One pipeline encoding file of the config, with the loaded model's own tensor names (throws the format's blocker). */
  async exportEncodings(config: StudioConfig, format: EncodingFormatId): Promise<WrittenEncodings> {
    return writeEncodings(config, format, encodingNamesOf(requireModel()));
  },

  /**
   * The quantized model's files as they are, for downloads of one file (an ONNX model's
   * `<name>.qdq.onnx`), with what the file could not hold as the config says.
   */
  async exportModelFiles(config: StudioConfig): Promise<ExportedModelFiles> {
    const model = requireModel();
    const ex = await exportQuantizedModel(model, config);
    const files = [...ex.files].map(([name, bytes]) => ({ name, bytes: bytes.slice() }));
    const notes = [...((ex as { notes?: { layer: string; reason: string }[] }).notes ?? [])];
    for (const t of ex.tensors) if (t.layer && t.note && !notes.some((n) => n.layer === t.layer)) notes.push({ layer: t.layer, reason: `${t.layer}: ${t.note}` });
    return transfer({ files, notes, weightBytes: ex.weightBytes, floatWeightBytes: ex.floatWeightBytes }, files.map((f) => f.bytes.buffer as ArrayBuffer));
  },
};
