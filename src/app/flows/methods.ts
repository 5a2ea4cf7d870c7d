/** Bit-width methods: list them, run one (or its curve), evaluate the current config, export the model. */
import { worker, type CurvePoint, type MethodInfo, type MethodJobProgress, type MethodName } from '../bridge';
import type { StudioConfig } from '../../quant/types';
import { dispatch, getState, liveEvaluated, methodResult, methodsListed, pointsAdded, showError, showNotice } from '../store';
import { withSweepsOf } from '../../quant/config/sweeps';
import { runJob } from './job';
import { analysisOptions } from './analysisOptions';

function progress(onProgress: (p: MethodJobProgress) => void) {
  return (p: MethodJobProgress) => onProgress({ ...p, phase: p.message ? `${p.phase} — ${p.message}` : p.phase });
}

export async function loadMethods(): Promise<void> {
  if (getState().methods.length) return;
  const list = await worker.listMethods().catch(() => null);
  if (list) dispatch(methodsListed, list);
}

/**
 * A config from the worker (which sends none of the sweep tables) given the sweeps of the
 * page's config `from` (the current one when the job started) by layer name: the same
 * objects, not copies, so every Pareto point shares them. A result for another model keeps none.
 */
function withPageSweeps(config: StudioConfig, from: StudioConfig | null): StudioConfig {
  return from && from.model.hash === config.model.hash ? withSweepsOf(config, from) : config;
}

export async function runMethod(method: MethodName, budget: number | null): Promise<void> {
  const info = getState().methods.find((m) => m.name === method);
  const from = getState().config;
  const config = await runJob(`Running ${info?.title ?? method}`, (signal, onProgress) =>
    worker.runMethod(signal, method, budget, progress(onProgress), analysisOptions()));
  if (config) dispatch(methodResult, withPageSweeps(config, from));
}

/**
 * Runs a method's curve; every point lands on the chart as soon as the worker measured it
 * (a preview first on large evaluation sets, then its final figure), so Cancel keeps the
 * points measured so far.
 */
export async function runCurve(method: MethodName): Promise<void> {
  const info = getState().methods.find((m) => m.name === method);
  const label = `Curve of ${info?.title ?? method}`;
  const budgets = new Set<number>();
  const from = getState().config;
  const onPoint = (p: CurvePoint) => {
    budgets.add(p.budget);
    dispatch(pointsAdded, [withPageSweeps(p.config, from)]);
  };
  const configs = await runJob(label, (signal, onProgress) =>
    worker.runCurve(signal, method, progress(onProgress), onPoint, analysisOptions()));
  if (configs) dispatch(pointsAdded, configs.map((c) => withPageSweeps(c, from)));
  else if (budgets.size > 0) {
    dispatch(showNotice, `${label} stopped; the ${budgets.size} point${budgets.size === 1 ? '' : 's'} measured so far stay on the chart.`);
  }
}

/**
 * Measures accuracy (or agreement) of the current config on the session's images. A config
 * whose model is no longer the worker's by the time the job gets its turn (a model dropped
 * while the previous one was still being analysed: the load was queued first) is skipped,
 * not shown as a "config is for model …" error.
 */
export async function evaluateCurrent(): Promise<void> {
  const current = getState().config;
  if (!current) return;
  const config = await runJob('Evaluating accuracy', (signal, onProgress) =>
    worker.evaluate(signal, current, { onProgress: progress(onProgress), onlyIfLoaded: true }));
  // Merged like a live evaluation: the figures join the config, the edit history stays.
  if (config && getState().config === current) dispatch(liveEvaluated, { layers: current.layers, measured: config });
}

/** Downloads the current config's quantized model as a zip of stock tfjs files. */
export async function exportModel(): Promise<void> {
  const config = getState().config;
  if (!config) return;
  const file = await runJob('Exporting the quantized model', (signal) =>
    worker.exportModel(signal, config));
  if (!file) return;
  try {
    const url = URL.createObjectURL(new Blob([file.zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${config.model.name.replace(/[^\w.-]+/g, '-') || 'model'}.${config.method.name}.quantized.zip`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    dispatch(showError, `Could not save the model: ${(e as Error).message}`);
  }
}

/** Methods whose knob is a bit-width take their budget from settings.bits (the URL's `bits`). */
export function isBitsKnob(knob: string | undefined): boolean {
  return Boolean(knob && /bits/.test(knob) && !/average/.test(knob));
}

/** The budget the settings give a method. */
export function budgetFor(info: MethodInfo, settings: { bits: number; budget: number | null }): number {
  return isBitsKnob(info.knob) ? settings.bits : settings.budget ?? info.defaultBudget;
}

/**
 * Runs the method named in the settings (from a link) at its bits/budget, unless the
 * current config already is that method's result.
 */
export async function applyUrlMethod(): Promise<void> {
  await loadMethods();
  const { methods, settings, config } = getState();
  const info = methods.find((m) => m.name === settings.method);
  if (!info) return;
  const budget = budgetFor(info, settings);
  if (config?.method.name === info.name && config.method.budget === budget) return;
  await runMethod(info.name, budget);
}
