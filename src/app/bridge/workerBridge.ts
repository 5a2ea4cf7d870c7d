/**
 * The one bridge to the analysis worker (Squoosh's worker-bridge shape): comlink `wrap`,
 * one promise queue, an AbortSignal first in every call. Aborting the running job
 * terminates the worker and starts a fresh one, which replays the session (backend, model,
 * data) before the next job; a crash (onerror) does the same and is reported.
 */
import { wrap, type Remote } from 'comlink';
import type { AnalysisApi } from '../../../workers/analysis.worker';

export type { AnalysisApi };
export type Api = Remote<AnalysisApi>;
/** A step that rebuilds worker state after a respawn (re-init backend, reload model…). */
export type ReplayStep = (api: Api) => Promise<unknown>;

export class AbortError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * True only for the bridge's own AbortError (a cancel or a restart of the worker). An error
 * merely *named* 'AbortError' that comes back from the worker (e.g. a WebGPU `mapAsync`
 * DOMException when the device goes away) is a failure of the job, not a cancel: treating
 * it as one showed "… cancelled; the worker was restarted" when nobody cancelled.
 */
export function isAbortError(e: unknown): boolean {
  return e instanceof AbortError;
}

interface Spawned {
  worker: Worker;
  api: Api;
  /** Rejects when this worker dies (terminated or crashed). */
  dead: Promise<never>;
  kill: (reason: Error) => void;
}

export class WorkerBridge {
  private current: Spawned | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly replay = new Map<string, ReplayStep>();
  private needsReplay = false;
  /** Called when the worker crashed and was restarted. */
  onCrash: (message: string) => void = () => undefined;
  /** Number of workers started so far (tests and the UI read it). */
  generation = 0;

  constructor(private readonly create: () => Worker) {}

  /** Registers (or replaces) a named replay step, e.g. 'backend' or 'model'. */
  remember(name: string, step: ReplayStep | null): void {
    if (step) this.replay.set(name, step);
    else this.replay.delete(name);
  }

  /** Runs `job` on the worker after every earlier job; aborting it kills the worker. */
  run<T>(signal: AbortSignal | undefined, job: (api: Api) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => this.execute(signal, job));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs a short `job` on the live worker beside the running job instead of after it: the
   * worker answers between that job's batches (its loops yield to the event loop). Only for
   * calls that neither change nor wait for the worker's model (schema checks, summaries), so
   * exporting never waits for an evaluation. With no worker up, or one about to replay the
   * session, it waits its turn as run() does.
   */
  now<T>(job: (api: Api) => Promise<T>): Promise<T> {
    const w = this.current;
    if (!w || this.needsReplay) return this.run(undefined, job);
    return Promise.race([job(w.api), w.dead]);
  }

  /** Terminates the worker now; the next job gets a fresh one with the session replayed. */
  restart(reason = 'restarted'): void {
    if (!this.current) return;
    this.current.kill(new AbortError(reason));
  }

  /** Kills the worker with `reason` (the running job fails with it); the next job respawns and replays. */
  respawn(reason: Error): void {
    this.current?.kill(reason);
  }

  private async execute<T>(signal: AbortSignal | undefined, job: (api: Api) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new AbortError();
    const w = await this.ready();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        w.kill(new AbortError());
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([job(w.api), w.dead, aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  private async ready(): Promise<Spawned> {
    if (this.current && !this.needsReplay) return this.current;
    const w = this.current ?? this.spawn();
    if (this.needsReplay) {
      this.needsReplay = false;
      const names = [...this.replay.keys()].sort();
      for (const name of names) {
        await Promise.race([this.replay.get(name)!(w.api), w.dead]);
      }
    }
    return w;
  }

  private spawn(): Spawned {
    const worker = this.create();
    const api = wrap<AnalysisApi>(worker);
    let kill!: (reason: Error) => void;
    const dead = new Promise<never>((_, reject) => {
      kill = (reason: Error) => {
        worker.terminate();
        if (this.current?.worker === worker) {
          this.current = null;
          this.needsReplay = true;
        }
        reject(reason);
      };
    });
    dead.catch(() => undefined);
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      const message = ev.message || 'the analysis worker crashed';
      kill(new Error(`worker crashed: ${message}`));
      this.onCrash(message);
    });
    this.generation++;
    this.current = { worker, api, dead, kill };
    return this.current;
  }
}
