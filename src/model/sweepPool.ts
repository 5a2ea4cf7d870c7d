/**
 * The weight sweep of a big model split over sweep workers: the CLI's worker threads
 * (src/cli/parallelSweep.ts) and the page's sweep workers (workers/api/sweepWorkers.ts) plug
 * their workers in as `SweepEndpoint`s; each worker runs src/model/sweepJob.ts, i.e.
 * src/quant/sweep.ts unchanged, so the results equal the in-process sweep's.
 *
 * Layers are handed out one at a time from a queue ordered by estimated cost, largest
 * first: whichever worker finishes takes the next, so the workers stay busy until the end
 * (a static split by weight count left one idle for a third of the sweep: per-filter
 * searches make a layer of many small filters cost far more than its weight count says).
 *
 * Memory: a layer's weights are lent, not copied, when they own their buffer: the buffer
 * is transferred there and back with the result and put back in the layer. While a layer is
 * in flight its weights read as empty (a detached buffer); nothing reads them during the
 * sweep. Weights that are a view into a larger buffer (the page's layers share one) are
 * copied for the job (transferring would take the whole buffer) into the worker's one copy
 * buffer, which comes back with each answer and is reused.
 *
 * Failures: an error the sweep itself reports (bad weights) ends the sweep with it. A worker
 * that fails to start or dies is dropped and its layer goes back to the queue (when its
 * weights were copied, not lent); with no worker left, `fallback` (the in-process sweep)
 * sweeps what remains, or, without one, the sweep fails.
 */
import type { PackedLayer } from '../quant/configWire';
import type { SweepWeightsOptions, WeightSweep } from '../quant/sweep';
import type { WeightSweepRunner } from './analyze';
import { abortError } from './errors';
import type { SweepJob, SweepReply } from './sweepJob';

/** One started worker, as the pool talks to it. */
export interface SweepEndpoint {
  post(job: SweepJob, transfer: ArrayBuffer[]): void;
  /** Calls onReply for each message after 'ready', onFail once if the worker errs or exits. */
  listen(onReply: (r: SweepReply) => void, onFail: (e: Error) => void): void;
}

/** Workers being started: each promise resolves once its worker said 'ready'. */
export interface SweepWorkers {
  ready: Promise<SweepEndpoint>[];
  /** Ends every worker (started or not). */
  close(): void;
}

export interface SweepPoolOptions {
  /** Ask the workers to pack the per-filter tables (src/quant/configWire.ts). */
  pack?: boolean;
  /** Each layer's result as it arrives, before `onLayerDone` (packed when `pack`). */
  onSwept?: (index: number, sweep: WeightSweep, packed?: PackedLayer) => void;
  /** Sweeps one layer in this thread, for the layers left when every worker failed. */
  fallback?: (weights: Float32Array, filters: number, opts: SweepWeightsOptions) => WeightSweep;
}

/** Layers whose total weight count is at least this are worth sweeping in workers. */
export const PARALLEL_MIN_PARAMS = 1_000_000;

/**
 * Estimated sweep cost of a layer in element-equivalents: per element (sort + runs) plus
 * per filter (the searched schemes' per-filter calibration, ≈ constant per filter).
 * Measured on ResNet-18 layers: ≈ 2,000 elements' worth of work per filter.
 */
export const FILTER_COST = 2000;
export const sweepCost = (weights: number, filters: number) => weights + FILTER_COST * filters;

/** Indices ordered by decreasing cost (ties by index): the queue's order. */
export function costOrder(costs: readonly number[]): number[] {
  return costs.map((c, i) => [c, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, i]) => i);
}

/** Whether a transfer of x's buffer moves x alone (x spans the whole of an ArrayBuffer). */
export function ownsBuffer(x: Float32Array): boolean {
  return x.buffer instanceof ArrayBuffer && x.byteOffset === 0 && x.byteLength === x.buffer.byteLength;
}

/** What a pool run reports besides the sweeps: the worker failure that sent layers back to this thread. */
export interface SweepPoolState {
  failure: string | null;
  /** Layers swept by `fallback` after the workers failed. */
  fallbackLayers: number;
}

/**
 * A WeightSweepRunner over `workers` (closed when the run ends, however it ends: a pool
 * serves one sweep). `state` says whether the workers failed.
 */
export function sweepPool(workers: SweepWorkers, options: SweepPoolOptions = {}): { runner: WeightSweepRunner; state: SweepPoolState } {
  const state: SweepPoolState = { failure: null, fallbackLayers: 0 };
  const runner: WeightSweepRunner = (layers, opts, onLayerDone, signal) => new Promise<WeightSweep[]>((resolve, reject) => {
    const results: WeightSweep[] = new Array(layers.length);
    const queue = costOrder(layers.map((l) => sweepCost(l.weights.length, l.filters)));
    let outstanding = layers.length;
    let alive = workers.ready.length;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      workers.close();
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = () => finish(abortError());
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) return finish(abortError());
    if (outstanding === 0) return finish();

    const done = (i: number, sweep: WeightSweep, packed?: PackedLayer) => {
      results[i] = sweep;
      options.onSwept?.(i, sweep, packed);
      onLayerDone();
      if (--outstanding === 0) finish();
    };
    /** The layers left once every worker is gone: in this thread, yielding between layers. */
    const sweepRestHere = async () => {
      const fallback = options.fallback;
      if (!fallback) return finish(new Error(`sweep workers failed: ${state.failure}`));
      try {
        for (let i = queue.shift(); i !== undefined && !settled; i = queue.shift()) {
          state.fallbackLayers++;
          done(i, fallback(layers[i].weights, layers[i].filters, opts));
          await Promise.resolve();
        }
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      }
    };
    /** Workers waiting for work (the queue was empty when they asked): a layer given back wakes them. */
    const idle = new Set<() => void>();
    const lost = (e: unknown, inFlight: number | null, lent: boolean) => {
      if (settled) return;
      state.failure ??= e instanceof Error ? e.message : String(e);
      if (inFlight !== null) {
        // Lent weights went with the worker: that layer cannot be swept again.
        if (lent) return finish(new Error(`sweep worker failed with layer '${layers[inFlight].name}': ${state.failure}`));
        queue.unshift(inFlight);
      }
      if (--alive === 0) return void sweepRestHere();
      for (const wake of [...idle]) {
        idle.delete(wake);
        wake();
      }
    };

    for (const r of workers.ready) {
      r.then((w) => {
        if (settled) return;
        let inFlight: number | null = null;
        let lent = false;
        let failed = false;
        // The buffer this worker's copies travel in, back with each answer and reused: one
        // copy buffer per worker for the whole sweep (the largest layer goes first), not a
        // dead copy per job piling up in the worker until its next collection.
        let scratch: ArrayBuffer | null = null;
        const feed = () => {
          inFlight = queue.shift() ?? null;
          if (inFlight === null) {
            idle.add(feed);
            return;
          }
          const l = layers[inFlight];
          lent = ownsBuffer(l.weights);
          let weights = l.weights;
          if (!lent) {
            if (!scratch || scratch.byteLength < l.weights.byteLength) scratch = new ArrayBuffer(l.weights.byteLength);
            weights = new Float32Array(scratch, 0, l.weights.length);
            weights.set(l.weights);
            scratch = null;
          }
          const job: SweepJob = { index: inFlight, filters: l.filters, weights, opts, giveBack: true, pack: options.pack };
          try {
            w.post(job, [weights.buffer as ArrayBuffer]);
          } catch (e) {
            // Not sent: a failed postMessage transfers nothing, so the weights are still here.
            lent = false;
            fail(e);
          }
        };
        const fail = (e: unknown) => {
          if (failed) return;
          failed = true;
          const j = inFlight;
          inFlight = null;
          lost(e, j, lent);
        };
        w.listen((m) => {
          if (settled || failed || m.type === 'ready') return;
          if (m.weights && lent) layers[m.index].weights = m.weights;
          else if (m.weights) scratch = m.weights.buffer as ArrayBuffer;
          inFlight = null;
          if (m.type === 'error') return finish(new Error(m.message));
          done(m.index, m.sweep, m.packed);
          if (!settled) feed();
        }, fail);
        feed();
      }, (e: unknown) => lost(e, null, false));
    }
  });
  return { runner, state };
}
