/**
 * Runs one visible job: progress bar, Cancel button, errors shown without losing the
 * session. Cancel aborts the signal; the bridge then terminates and respawns the worker.
 */
import { del, get, set } from 'idb-keyval';
import { isAbortError, worker, type JobProgress } from '../bridge';
import { dispatch, getState, jobEnded, jobProgress, jobStarted, showNotice, showPlainError, workerStarted } from '../store';
import { plainError } from './plainError';

let running: AbortController | null = null;

/**
 * IndexedDB key of the running job's label (same store as the session): set when a job
 * starts, deleted when it ends. Still there at start-up = a reload interrupted that job.
 */
const RUNNING_KEY = 'quantization-studio/running-job/v1';
let marks: Promise<unknown> = Promise.resolve();
/** Jobs started and not yet ended (a fallback job can start while the failing one unwinds). */
let active = 0;
/** Writes and deletes of the marker, kept in call order. */
function mark(label: string | null): void {
  marks = marks.then(() => (label === null ? del(RUNNING_KEY) : set(RUNNING_KEY, label))).catch(() => undefined);
}

/** The label of a job a reload interrupted (null when none); the marker is cleared. */
export async function takeInterruptedJob(): Promise<string | null> {
  try {
    const label: unknown = await get(RUNNING_KEY);
    mark(null);
    await marks;
    return typeof label === 'string' ? label : null;
  } catch {
    return null;
  }
}

export function cancelJob(): void {
  running?.abort();
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Returns the job's result, or undefined when it was cancelled or failed (error shown). */
export async function runJob<T>(
  label: string,
  body: (signal: AbortSignal, onProgress: (p: JobProgress) => void) => Promise<T>,
): Promise<T | undefined> {
  const controller = new AbortController();
  running = controller;
  dispatch(jobStarted, { label });
  active++;
  mark(label);
  const id = getState().job?.id;
  const onProgress = (p: JobProgress) => {
    if (getState().job?.id === id) dispatch(jobProgress, p);
  };
  try {
    return await body(controller.signal, onProgress);
  } catch (e) {
    if (isAbortError(e)) dispatch(showNotice, `${label} cancelled; the worker was restarted.`);
    else if (e instanceof Error && e.name === 'AbortError') {
      // A GPU read-back aborted under the job: almost always a lost WebGPU device, whose
      // notification may reach the page just after the job's own failure.
      const gpu = /mapAsync|GPUBuffer|GPUDevice|device (was )?lost/i.test(e.message) ? ' — the WebGPU device was lost' : '';
      dispatch(showPlainError, { text: `${label} failed in the worker${gpu}; run it again.`, detail: e.message });
    }
    else dispatch(showPlainError, plainError(label, e));
    return undefined;
  } finally {
    if (running === controller) running = null;
    active--;
    if (active === 0) mark(null);
    if (getState().job?.id === id) dispatch(jobEnded, undefined);
    dispatch(workerStarted, worker.generation());
  }
}
