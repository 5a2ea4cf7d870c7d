/**
 * Runs one visible job: progress bar, Cancel button, errors shown without losing the
 * session. Cancel aborts the signal; the bridge then terminates and respawns the worker.
 */
import { isAbortError, worker, type JobProgress } from '../bridge';
import { dispatch, getState, jobEnded, jobProgress, jobStarted, showNotice, showPlainError, workerStarted } from '../store';
import { plainError } from './plainError';

/**
 * Jobs started and not yet ended, in start order. The worker runs them one after another,
 * so the first is the one running; the bar shows it, and Cancel stops it. A job started
 * while another runs waits; it says so (notice) and takes the bar when its turn comes.
 */
interface Entry { label: string; controller: AbortController; id: number | null }
const jobs: Entry[] = [];

function show(entry: Entry): void {
  dispatch(jobStarted, { label: entry.label });
  entry.id = getState().job?.id ?? null;
}

/**
 * localStorage key of the running job's label: set when a job starts, removed when it ends.
 * Still there at start-up = a reload (or a closed tab) interrupted that job. localStorage,
 * not IndexedDB like the session: its writes are synchronous, so a reload right after a job
 * starts still finds the marker (an IndexedDB write could still be pending then).
 */
const RUNNING_KEY = 'quantization-studio/running-job/v1';

function mark(label: string | null): void {
  try {
    if (label === null) localStorage.removeItem(RUNNING_KEY);
    else localStorage.setItem(RUNNING_KEY, label);
  } catch {
    // Storage unavailable (private mode, quota): the studio works, it only cannot tell.
  }
}

/** The label of a job a reload interrupted (null when none); the marker is cleared. */
export async function takeInterruptedJob(): Promise<string | null> {
  try {
    const label = localStorage.getItem(RUNNING_KEY);
    mark(null);
    return label;
  } catch {
    return null;
  }
}

/** Cancels the running job (the one the bar shows); a job waiting behind it then runs. */
export function cancelJob(): void {
  jobs[0]?.controller.abort();
}

/**
 * Returns the job's result, or undefined when it was cancelled or failed (error shown).
 * A job started while another runs says that it waits, and that Cancel stops the other.
 */
export async function runJob<T>(
  label: string,
  body: (signal: AbortSignal, onProgress: (p: JobProgress) => void) => Promise<T>,
): Promise<T | undefined> {
  const entry: Entry = { label, controller: new AbortController(), id: null };
  const blocking = jobs[0];
  jobs.push(entry);
  if (blocking) dispatch(showNotice, `${label} waits for “${blocking.label}” to finish (Cancel stops it).`);
  else show(entry);
  mark(label);
  const onProgress = (p: JobProgress) => {
    if (entry.id === null && jobs[0] === entry) show(entry);
    if (entry.id !== null && getState().job?.id === entry.id) dispatch(jobProgress, p);
  };
  try {
    return await body(entry.controller.signal, onProgress);
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
    jobs.splice(jobs.indexOf(entry), 1);
    if (jobs.length === 0) mark(null);
    else mark(jobs[0].label);
    if (entry.id !== null && getState().job?.id === entry.id) dispatch(jobEnded, undefined);
    if (jobs[0] && jobs[0].id === null) show(jobs[0]);
    dispatch(workerStarted, worker.generation());
  }
}
