/**
 * The weight sweep of a big model split over worker threads (the CLI's machines have few
 * cores; two workers halve the wall time of the sweep, which dominates analysis of models
 * with millions of weights). Each worker runs src/quant/sweep.ts unchanged.
 *
 * Workers are started early (`startSweepPool`, right after the model files check out) so
 * their start-up overlaps tfjs's import and the model load. Layers are handed out one at a
 * time from a queue ordered by estimated cost, largest first: whichever worker finishes
 * takes the next, so the threads stay busy until the end (a static split by weight count
 * left one thread idle for a third of the sweep: per-filter searches make a layer of many
 * small filters cost far more than its weight count says).
 */
import { Worker } from 'node:worker_threads';
import type { WeightSweep } from '../quant/sweep';
import type { WeightSweepRunner } from '../model/analyze';
import { abortError } from '../model/errors';

/** Layers whose total weight count is at least this are swept in workers. */
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

interface WorkerMessage { type: string; index?: number; sweep?: WeightSweep; message?: string }

/** Started worker threads; `runner` sweeps with them, `close` ends them. */
export interface SweepPool {
  runner: WeightSweepRunner;
  close: () => void;
}

export function startSweepPool(threads: number): SweepPool {
  const workers: Worker[] = [];
  const ready: Promise<Worker>[] = [];
  for (let t = 0; t < Math.max(1, threads); t++) {
    const w = new Worker(new URL('./sweepWorker.mjs', import.meta.url));
    workers.push(w);
    ready.push(new Promise((res, rej) => {
      const onMsg = (m: WorkerMessage) => {
        if (m.type !== 'ready') return;
        w.off('message', onMsg);
        w.off('error', rej);
        res(w);
      };
      w.on('message', onMsg);
      w.once('error', rej);
    }));
    // Unhandled until `runner` awaits them: keep a start-up failure from crashing early.
    ready[t].catch(() => {});
  }
  const close = () => {
    for (const w of workers) void w.terminate();
  };
  const runner: WeightSweepRunner = (layers, opts, onLayerDone, signal) => new Promise<WeightSweep[]>((resolve, reject) => {
    const results: WeightSweep[] = new Array(layers.length);
    const queue = costOrder(layers.map((l) => sweepCost(l.weights.length, l.filters)));
    let outstanding = layers.length;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      close();
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = () => finish(abortError());
    signal?.addEventListener('abort', onAbort);
    if (outstanding === 0) return finish();
    const feed = (w: Worker) => {
      const i = queue.shift();
      if (i === undefined) return;
      const weights = layers[i].weights.slice();
      w.postMessage({ index: i, filters: layers[i].filters, weights, opts }, [weights.buffer]);
    };
    for (const r of ready) {
      r.then((w) => {
        w.on('message', (m: WorkerMessage) => {
          if (m.type === 'layer') {
            results[m.index!] = m.sweep!;
            onLayerDone();
            if (--outstanding === 0) finish();
            else feed(w);
          } else if (m.type === 'error') finish(new Error(m.message));
        });
        w.on('error', (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
        w.on('exit', (code) => {
          if (!settled) finish(new Error(`sweep worker stopped early (exit code ${code})`));
        });
        feed(w);
      }, (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
    }
  });
  return { runner, close };
}
