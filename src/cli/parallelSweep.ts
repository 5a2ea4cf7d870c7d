/**
 * The CLI's sweep workers: Node worker threads plugged into the shared sweep pool
 * (src/model/sweepPool.ts — queue by cost, weights lent, not copied). The CLI's machines
 * have few cores; two threads halve the wall time of the sweep, which dominates the
 * analysis of models with millions of weights.
 *
 * Workers are started early (`startSweepPool`, right after the model files check out) so
 * their start-up overlaps tfjs's import and the model load. Should the sweep fail or be
 * aborted, layers in flight stay empty (their weights were lent).
 */
import { Worker } from 'node:worker_threads';
import type { WeightSweepRunner } from '../model/analyze';
import type { SweepReply } from '../model/sweepJob';
import { sweepPool, type SweepEndpoint, type SweepWorkers } from '../model/sweepPool';

export { PARALLEL_MIN_PARAMS, ownsBuffer } from '../model/sweepPool';

/**
 * Young-generation size of a sweep worker's V8 heap, in MiB (Node's default is several
 * times larger). The sweep allocates many short-lived typed arrays whose memory lies
 * outside the JS heap; with a big young generation they pile up between collections and
 * glibc keeps the freed pages: on ResNet-18 the two workers grew the process by ≈ 100 MiB
 * over the sweep with the default, ≈ 30 MiB with this, at no measurable cost in time.
 */
export const WORKER_YOUNG_GENERATION_MB = 6;

function startWorker(workers: Worker[]): Promise<SweepEndpoint> {
  const w = new Worker(new URL('./sweepWorker.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  workers.push(w);
  const ready = new Promise<SweepEndpoint>((res, rej) => {
    const onMsg = (m: SweepReply) => {
      if (m.type !== 'ready') return;
      w.off('message', onMsg);
      w.off('error', rej);
      res({
        post: (job, transfer) => w.postMessage(job, transfer),
        listen: (onReply, onFail) => {
          w.on('message', onReply);
          w.on('error', onFail);
          w.on('exit', (code) => onFail(new Error(`sweep worker stopped early (exit code ${code})`)));
        },
      });
    };
    w.on('message', onMsg);
    w.once('error', rej);
  });
  // Unhandled until the pool awaits it: keep a start-up failure from crashing early.
  ready.catch(() => {});
  return ready;
}

/** Started worker threads; `runner` sweeps with them (once), `close` ends them. */
export interface SweepPool {
  runner: WeightSweepRunner;
  close: () => void;
}

export function startSweepPool(threads: number): SweepPool {
  const started: Worker[] = [];
  const ready = Array.from({ length: Math.max(1, threads) }, () => startWorker(started));
  const workers: SweepWorkers = { ready, close: () => started.forEach((w) => void w.terminate()) };
  return { runner: sweepPool(workers).runner, close: workers.close };
}
