/**
 * Live re-evaluation after manual edits: when `config.layers` is no longer the set the
 * summary's accuracy / agreement were measured for (`measuredLayers`: an edit, a filter-group
 * edit, undo, redo, a restored manual config), the current config is evaluated again by the
 * worker's `evaluate`, DEBOUNCE_MS after the last change.
 *
 * A newer edit supersedes an evaluation in flight without terminating the worker: every
 * request carries a version number and the layers it measured; a result whose version is not
 * the latest (or whose layers are no longer current) is dropped. The summary bar shows
 * "updating…" meanwhile, never the previous figure as current.
 */
import { isAbortError, worker } from '../bridge';
import type { LayerConfig } from '../../quant/types';
import { dispatch, getState, liveEvaluated, liveEvaluationFailed, subscribe } from '../store';

export const DEBOUNCE_MS = 250;

let version = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastLayers: LayerConfig[] | null = null;

async function evaluateNow(v: number, retry: boolean): Promise<void> {
  const config = getState().config;
  if (!config || v !== version) return;
  const layers = config.layers;
  try {
    // Sent and answered without sweep tables (the bridge strips them); only figures, scales and SQNRs are merged.
    const measured = await worker.evaluate(undefined, config, { passes: 'full' });
    if (measured && v === version) dispatch(liveEvaluated, { layers, measured });
  } catch (e) {
    if (v !== version) return;
    // The worker was replaced (a cancelled job, a crash): try once more on the fresh one.
    if (retry && isAbortError(e)) return evaluateNow(v, false);
    dispatch(liveEvaluationFailed, { layers, reason: (e as Error).message });
  }
}

function check(): void {
  const { config, measuredLayers } = getState();
  const layers = config?.layers ?? null;
  if (layers === lastLayers) return;
  lastLayers = layers;
  if (!config || layers === measuredLayers) return;
  const v = ++version;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void evaluateNow(v, true);
  }, DEBOUNCE_MS);
}

/** Starts watching the store; returns the function that stops it. */
export function startLiveEvaluation(): () => void {
  const stop = subscribe(check);
  check();
  return () => {
    stop();
    version++;
    if (timer) clearTimeout(timer);
    timer = null;
    lastLayers = null;
  };
}
