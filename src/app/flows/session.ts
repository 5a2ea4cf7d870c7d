/** Loading models and data, running the analysis, switching the backend. */
import { worker, type BackendRequest, type DroppedFile, type SessionSummary } from '../bridge';
import {
  backendReady, configReady, dataLoaded, dispatch, getState, requestBackend, sessionLoaded, showNotice, weightSweepDone,
} from '../store';
import { runJob } from './job';
import { evaluateCurrent } from './methods';
import { persistSession } from './persist';

export const DEFAULT_DEMO = 'lenet';
/** The bundled demo models (public/models/<name>/), trained by scripts/train-demo.ts. */
export const DEMOS: readonly { name: string; title: string }[] = [
  { name: 'lenet', title: 'LeNet-5' },
  { name: 'resnet-ds', title: 'ResNet, depthwise-separable' },
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
export async function loadDemo(name = DEFAULT_DEMO, run = true, restoring = false): Promise<boolean> {
  const ok = await loaded(await runJob(`Loading demo ${name}`, (signal) => worker.loadDemo(signal, name)));
  if (ok) {
    if (!restoring) void persistSession({ model: { kind: 'demo', name } });
    if (run) await analyze();
  }
  return ok;
}

export async function loadModelFiles(files: DroppedFile[], run = true, restoring = false): Promise<boolean> {
  const ok = await loaded(await runJob('Loading model', (signal) => worker.loadFiles(signal, files)));
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
 * Full analysis of the current model on the current data. Cached per (model, data,
 * settings); `force` runs it again anyway (the "Analyse" button).
 */
export async function analyze(force = false): Promise<boolean> {
  const { model, data, settings, backend } = getState();
  if (!model) return false;
  const opts = { calibration: settings.calibration, ...(backend.sweep === 'auto' ? {} : { gpuSweep: backend.sweep }) };
  const result = await runJob('Analysing layers', (signal, onProgress) =>
    worker.analyze(signal, { modelHash: model.hash, dataKey: data?.key ?? null }, opts, onProgress, force),
  );
  if (!result) return false;
  if (getState().model?.hash !== model.hash) return false;
  const { config } = result;
  dispatch(weightSweepDone, { info: result.weightSweep, cached: result.cached });
  dispatch(configReady, config);
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
