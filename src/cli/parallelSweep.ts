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
 *
 * Memory: a layer's weights are lent to the worker, not copied: its buffer is transferred
 * there and back with the result, and put back in the layer (`layer.weights`). While a
 * layer is in flight its weights read as empty (a detached buffer); nothing reads them
 * during the sweep. A copy per job, dead once swept, piled up in each worker until V8's
 * next collection there (tens of MiB per worker on ResNet-18). Weights that are a view
 * into a larger buffer are still copied (transferring would take the whole buffer).
 * Should the sweep fail or be aborted, the layers in flight stay empty.
 */
import { Worker } from 'node:worker_threads';
import type { WeightSweep } from '../quant/sweep';
import type { WeightSweepRunner } from '../model/analyze';
import { abortError } from '../model/errors';

/**
 * Young-generation size of a sweep worker's V8 heap, in MiB (Node's default is several
 * times larger). The sweep allocates many short-lived typed arrays whose memory lies
 * outside the JS heap; with a big young generation they pile up between collections and
 * glibc keeps the freed pages: on ResNet-18 the two workers grew the process by ≈ 100 MiB
 * over the sweep with the default, ≈ 30 MiB with this, at no measurable cost in time.
 */
export const WORKER_YOUNG_GENERATION_MB = 6;

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

interface WorkerMessage { type: string; index?: number; sweep?: WeightSweep; message?: string; weights?: Float32Array }

/** Whether a transfer of x's buffer moves x alone (x spans the whole of an ArrayBuffer). */
export function ownsBuffer(x: Float32Array): boolean {
  return x.buffer instanceof ArrayBuffer && x.byteOffset === 0 && x.byteLength === x.buffer.byteLength;
}

/** Started worker threads; `runner` sweeps with them, `close` ends them. */
export interface SweepPool {
  runner: WeightSweepRunner;
  close: () => void;
}

export function startSweepPool(threads: number): SweepPool {
  const workers: Worker[] = [];
  const ready: Promise<Worker>[] = [];
  for (let t = 0; t < Math.max(1, threads); t++) {
    const w = new Worker(new URL('./sweepWorker.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
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
      const lend = ownsBuffer(layers[i].weights);
      const weights = lend ? layers[i].weights : layers[i].weights.slice();
      w.postMessage({ index: i, filters: layers[i].filters, weights, opts, giveBack: lend }, [weights.buffer as ArrayBuffer]);
    };
    for (const r of ready) {
      r.then((w) => {
        w.on('message', (m: WorkerMessage) => {
          if (m.weights) layers[m.index!].weights = m.weights;
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
