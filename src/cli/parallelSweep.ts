/**
 * The weight sweep of a big model split over worker threads (the CLI's machines have few
 * cores; two workers halve the wall time of the sweep, which dominates analysis of models
 * with millions of weights). Layers are dealt out by size, largest first, each to the
 * least-loaded worker; each worker runs src/quant/sweep.ts unchanged.
 */
import { Worker } from 'node:worker_threads';
import type { WeightSweep } from '../quant/sweep';
import type { WeightSweepRunner } from '../model/analyze';
import { abortError } from '../model/errors';

/** Layers whose total weight count is at least this are swept in workers. */
export const PARALLEL_MIN_PARAMS = 1_000_000;

/** Deal item indices to `bins` bins, largest first, each to the currently smallest bin. */
export function balance(sizes: readonly number[], bins: number): number[][] {
  const out: number[][] = Array.from({ length: bins }, () => []);
  const load = new Array<number>(bins).fill(0);
  const order = sizes.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  for (const [s, i] of order) {
    const b = load.indexOf(Math.min(...load));
    out[b].push(i);
    load[b] += s;
  }
  return out.filter((b) => b.length > 0);
}

export function workerSweepRunner(threads: number): WeightSweepRunner {
  return (layers, opts, onLayerDone, signal) => new Promise<WeightSweep[]>((resolvePromise, reject) => {
    const results: WeightSweep[] = new Array(layers.length);
    const groups = balance(layers.map((l) => l.weights.length), Math.max(1, threads));
    const workers: Worker[] = [];
    let pending = groups.length;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolvePromise(results);
    };
    const onAbort = () => finish(abortError());
    signal?.addEventListener('abort', onAbort);
    if (groups.length === 0) return finish();
    for (const group of groups) {
      const worker = new Worker(new URL('./sweepWorker.mjs', import.meta.url));
      workers.push(worker);
      worker.on('message', (m: { type: string; index?: number; sweep?: WeightSweep; message?: string }) => {
        if (m.type === 'ready') {
          const jobs = group.map((i) => ({ index: i, filters: layers[i].filters, weights: layers[i].weights.slice() }));
          worker.postMessage({ layers: jobs, opts }, jobs.map((j) => j.weights.buffer));
        } else if (m.type === 'layer') {
          results[m.index!] = m.sweep!;
          onLayerDone();
        } else if (m.type === 'done') {
          if (--pending === 0) finish();
        } else if (m.type === 'error') {
          finish(new Error(m.message));
        }
      });
      worker.on('error', (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`sweep worker stopped early (exit code ${code})`));
      });
    }
  });
}
