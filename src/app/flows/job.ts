/**
 * Runs one visible job: progress bar, Cancel button, errors shown without losing the
 * session. Cancel aborts the signal; the bridge then terminates and respawns the worker.
 */
import { isAbortError, worker, type JobProgress } from '../bridge';
import { dispatch, getState, jobEnded, jobProgress, jobStarted, showError, showNotice, workerStarted } from '../store';

let running: AbortController | null = null;

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
  const id = getState().job?.id;
  const onProgress = (p: JobProgress) => {
    if (getState().job?.id === id) dispatch(jobProgress, p);
  };
  try {
    return await body(controller.signal, onProgress);
  } catch (e) {
    if (isAbortError(e)) dispatch(showNotice, `${label} cancelled; the worker was restarted.`);
    else dispatch(showError, errorText(e));
    return undefined;
  } finally {
    if (running === controller) running = null;
    if (getState().job?.id === id) dispatch(jobEnded, undefined);
    dispatch(workerStarted, worker.generation());
  }
}
