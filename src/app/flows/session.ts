/** Loading models and data, running the analysis, switching the backend. */
import { worker, type BackendRequest, type DroppedFile, type SessionSummary } from '../bridge';
import {
  analysisAbandoned, analysisFinished, analysisPreview, backendReady, dataLoaded, dispatch, getState, requestBackend,
  sessionLoaded, showNotice, weightSweepDone,
} from '../store';
import type { StudioConfig } from '../../quant/types';
import { analysisOptions } from './analysisOptions';
import { runJob } from './job';
import { evaluateCurrent } from './methods';
import { persistSession } from './persist';
import { parseInputShape } from '../../model/runtime/input';

export const DEFAULT_DEMO = 'lenet';
/**
 * The bundled demo models (public/models/<name>/), trained by scripts/train-demo.ts; a name
 * ending in '-onnx' is an ONNX model (model.onnx, written by scripts/make-onnx-demo.ts).
 */
export const DEMOS: readonly { name: string; title: string }[] = [
  { name: 'lenet', title: 'LeNet-5' },
  { name: 'resnet-ds', title: 'ResNet, depthwise-separable' },
  { name: 'lenet-onnx', title: 'LeNet-5 as ONNX' },
];

worker.onCrash((message) => {
  dispatch(showNotice, `The analysis worker crashed (${message}); a fresh one was started.`);
});

export async function initBackend(request: BackendRequest): Promise<void> {
  dispatch(requestBackend, request);
  const info = await runJob('Starting backend', (signal) => worker.initBackend(signal, request));
  if (info) dispatch(backendReady, info);
}

/** Switching restarts the worker so the new backend starts clean; the model is reloaded. */
export async function switchBackend(request: BackendRequest): Promise<void> {
  if (getState().backend.requested === request && getState().backend.info) return;
  worker.restart();
  await initBackend(request);
  if (getState().model) await analyze();
}

async function loaded(summary: SessionSummary | undefined): Promise<boolean> {
  if (!summary) return false;
  dispatch(sessionLoaded, summary);
  return true;
}

/** `restoring`: the model comes from the saved session, so it is not saved again. */
/**
 * While the studio starts (backend, saved session), a model the user picks is held here and
 * the start-up loads it in place of the saved session or the demo, so the pick is not
 * replaced by them. Once the start-up has asked for its own model, picks go to the worker
 * as usual: they queue behind the start-up's load and replace it.
 */
export type HeldPick = { files: DroppedFile[] } | { demo: string };
let holdingPicks = false;
let heldPick: HeldPick | null = null;

export function holdPicks(on: boolean): void {
  holdingPicks = on;
}

/** The model picked while the start-up held picks (the last one), once. */
export function takeHeldPick(): HeldPick | null {
  const pick = heldPick;
  heldPick = null;
  return pick;
}

function hold(pick: HeldPick): boolean {
  heldPick = pick;
  dispatch(showNotice, 'Your model loads as soon as the studio has started.');
  return true;
}

export async function loadDemo(name = DEFAULT_DEMO, run = true, restoring = false): Promise<boolean> {
  if (holdingPicks && !restoring) return hold({ demo: name });
  const ok = await loaded(await runJob(`Loading demo ${name}`, (signal) => worker.loadDemo(signal, name)));
  if (ok) {
    if (!restoring) void persistSession({ model: { kind: 'demo', name } });
    if (run) await analyze();
  }
  return ok;
}

/**
 * The input shape typed in the drop zone (ONNX models with dynamic dims), in the model
 * input's own order, and the last model drop, so a load refused for dynamic dims can be
 * tried again with the shape without dropping the files again.
 */
let onnxInputShape: number[] | undefined;
let lastModelDrop: DroppedFile[] | null = null;

/** The Input shape field read by `parseInputShape`: dims, a one-line reason, or undefined for an empty field. */
export function parseInputShapeField(text: string): number[] | undefined | string {
  const t = text.trim();
  return t ? parseInputShape(t) : undefined;
}

export function setOnnxInputShape(dims: number[] | undefined): void {
  onnxInputShape = dims;
}

/** Loads the last dropped model again (with the current input shape); false when there is none. */
export async function reloadLastModel(): Promise<boolean> {
  return lastModelDrop ? loadModelFiles(lastModelDrop) : false;
}

export async function loadModelFiles(files: DroppedFile[], run = true, restoring = false): Promise<boolean> {
  lastModelDrop = files;
  if (holdingPicks && !restoring) return hold({ files });
  const opts = onnxInputShape ? { inputShape: onnxInputShape } : {};
  const ok = await loaded(await runJob('Loading model', (signal) => worker.loadFiles(signal, files, opts)));
  if (ok) {
    if (!restoring) void persistSession({ model: { kind: 'files', files } });
    if (run) await analyze();
  }
  return ok;
}

export async function loadImageData(files: DroppedFile[]): Promise<void> {
  const summary = await runJob('Reading images', (signal) => worker.loadData(signal, files));
  if (summary) {
    dispatch(dataLoaded, summary);
    void persistSession({ data: { kind: 'images', files } });
    await analyze();
  }
}

/**
 * Models with at least this many parameters show their weight analysis before the activations
 * are measured: their calibration takes tens of seconds (ResNet-50: ≈ 35 s of a 46 s analysis).
 * Smaller models are analysed in seconds, and a second full render of the table and charts
 * within those seconds cost more main thread than it saved waiting (a 74-layer, 2.4M model:
 * preview at 3.7 s, done at 8.9 s, and a 50–80 ms layout task for the extra render).
 */
export const PREVIEW_MIN_PARAMS = 10_000_000;
/** Frames the preview gets to draw (the table, then the charts one per frame) before the capture starts. */
const PREVIEW_FRAMES = 6;

/** Resolves after `n` animation frames (at once where there are none, e.g. a hidden page). */
function framesDrawn(n: number): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || document.hidden) return Promise.resolve();
  return new Promise((resolve) => {
    const step = (left: number) => (left <= 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });
}

/**
 * Full analysis of the current model on the current data. The worker keeps it per (model,
 * data, options) and answers a repeat from its cache; `force` runs it again anyway (the
 * "Analyse" button).
 */
export async function analyze(force = false): Promise<boolean> {
  const { model } = getState();
  if (!model) return false;
  const opts = analysisOptions();
  const before = getState().config;
  // A big model's weight analysis is shown as soon as it is swept, while the activations of
  // the calibration images are still being measured (only when no config of it is shown yet:
  // a re-run leaves the current one, edits and all, until it is done).
  let ended = false;
  const showPreview = async (preview: StudioConfig) => {
    const s = getState();
    if (ended || s.model?.hash !== model.hash || (s.config && s.config.model.hash === model.hash)) return;
    dispatch(analysisPreview, preview);
    // The worker captures the activations once the table and the charts are drawn.
    await framesDrawn(PREVIEW_FRAMES);
  };
  const onPreview = model.parameters >= PREVIEW_MIN_PARAMS ? showPreview : undefined;
  const result = await runJob('Analysing layers', (signal, onProgress) => worker.analyze(signal, opts, onProgress, force, onPreview));
  ended = true;
  if (!result) {
    dispatch(analysisAbandoned, before);
    return false;
  }
  if (getState().model?.hash !== model.hash) return false;
  const { config } = result;
  dispatch(weightSweepDone, { info: result.weightSweep, cached: result.cached });
  dispatch(analysisFinished, config);
  const sweep = result.weightSweep;
  if (sweep?.path === 'kernel-fallback' && !result.cached) {
    dispatch(showNotice, `The GPU sweep kernel failed (${sweep.failure}); ${sweep.cpuLayers} of ` +
      `${sweep.kernelLayers + sweep.cpuLayers} layers were swept on the CPU instead. The analysis is complete.`);
  }
  void persistSession({ config });
  // The starting point gets its accuracy (or agreement with the float model) right away.
  if (getState().data && config.summary.accuracy == null && config.summary.agreement == null) await evaluateCurrent();
  return true;
}
