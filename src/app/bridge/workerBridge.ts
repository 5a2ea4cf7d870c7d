/**
 * The one bridge to a comlink worker (Squoosh's worker-bridge shape): comlink `wrap`, one
 * promise queue, an AbortSignal first in every call. Generic over the worker's API type, so
 * every call is typed from the worker's own declaration (the app passes `AnalysisApi`, the
 * tests a small fake API) and nothing is cast. Aborting the running job terminates the
 * worker and starts a fresh one, which replays the session before the next job; a crash
 * (an `error` event) does the same and is reported.
 *
 * The replay is an explicit ordered list of slots, `REPLAY_ORDER`: the backend first (the
 * model's tensors live on it), then the model, then the data (decoded to the model's input
 * size). Each slot holds at most one step; registering a slot replaces its step.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';

/** What the bridge needs of a worker: comlink's endpoint, and terminate. A DOM `Worker` is one. */
export interface WorkerPort extends Endpoint {
  terminate(): void;
}

/** The replay slots, in the order a respawned worker runs them. */
export const REPLAY_ORDER = ['backend', 'model', 'data'] as const;
export type ReplaySlot = (typeof REPLAY_ORDER)[number];

/** A step that rebuilds one slot of worker state after a respawn (re-init backend, reload model…). */
export type ReplayStep<A> = (api: Remote<A>) => Promise<unknown>;

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

interface Spawned<A> {
  worker: WorkerPort;
  api: Remote<A>;
  /** Rejects when this worker dies (terminated or crashed). */
  dead: Promise<never>;
  kill: (reason: Error) => void;
}

/** The message of a worker's `error` event (an ErrorEvent in browsers), or a plain line. */
function crashMessage(ev: Event): string {
  return 'message' in ev && typeof ev.message === 'string' && ev.message ? ev.message : 'the analysis worker crashed';
}

export class WorkerBridge<A> {
  private current: Spawned<A> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly replay: Partial<Record<ReplaySlot, ReplayStep<A>>> = {};
  private needsReplay = false;
  /** Called when the worker crashed and was restarted. */
  onCrash: (message: string) => void = () => undefined;
  /** Number of workers started so far (tests and the UI read it). */
  generation = 0;

  constructor(private readonly create: () => WorkerPort) {}

  /** Sets (or, with null, clears) the replay step of one slot. */
  remember(slot: ReplaySlot, step: ReplayStep<A> | null): void {
    if (step) this.replay[slot] = step;
    else delete this.replay[slot];
  }

  /** The slots that a respawned worker would replay now, in replay order. */
  replaySlots(): ReplaySlot[] {
    return REPLAY_ORDER.filter((slot) => this.replay[slot] !== undefined);
  }

  /** Runs `job` on the worker after every earlier job; aborting it kills the worker. */
  run<T>(signal: AbortSignal | undefined, job: (api: Remote<A>) => Promise<T>): Promise<T> {
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
  now<T>(job: (api: Remote<A>) => Promise<T>): Promise<T> {
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

  private async execute<T>(signal: AbortSignal | undefined, job: (api: Remote<A>) => Promise<T>): Promise<T> {
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

  private async ready(): Promise<Spawned<A>> {
    if (this.current && !this.needsReplay) return this.current;
    const w = this.current ?? this.spawn();
    if (this.needsReplay) {
      this.needsReplay = false;
      for (const slot of REPLAY_ORDER) {
        const step = this.replay[slot];
        if (step) await Promise.race([step(w.api), w.dead]);
      }
    }
    return w;
  }

  private spawn(): Spawned<A> {
    const worker = this.create();
    const api = wrap<A>(worker);
    let kill: (reason: Error) => void = () => undefined;
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
    worker.addEventListener('error', (ev: Event) => {
      ev.preventDefault();
      const message = crashMessage(ev);
      kill(new Error(`worker crashed: ${message}`));
      this.onCrash(message);
    });
    this.generation++;
    this.current = { worker, api, dead, kill };
    return this.current;
  }
}
