/**
 * The page's sweep workers: the analysis worker starts a few dedicated workers of its own
 * (workers/sweep.worker.ts) for the weight sweep of a big model and hands them layers through
 * the shared pool (src/model/sweepPool.ts), as the CLI does with threads. On ResNet-50 the
 * sweep dominates the time to the first useful answer; one worker per core (up to
 * MAX_SWEEP_WORKERS) shortens it while the analysis worker waits.
 *
 * Should the workers fail to start or die (a browser without nested workers, memory), the
 * layers left are swept in the analysis worker as before and the status line says so.
 */
import { sweepWeights } from '../../src/quant/sweep';
import type { PackedLayer } from '../../src/quant/configWire';
import type { WeightSweep } from '../../src/quant/sweep';
import type { SweepReply } from '../../src/model/sweepJob';
import { sweepPool, type SweepEndpoint, type SweepWorkers } from '../../src/model/sweepPool';
import type { WeightSweepRunner } from '../../src/model/analyze';

/** Most sweep workers (each holds scratch buffers the size of the largest filter, and a copy of the layer it sweeps). */
export const MAX_SWEEP_WORKERS = 4;

/**
 * Models of at least this many weights get sweep workers. Below it the workers' start-up and
 * cold JIT eat the gain and the layer copies cost more memory than they are worth (bench,
 * `npm run bench`'s browser scale table, sweep on 2 workers against the analysis worker
 * alone: 3.9M weights 0.7–0.9×, 11.7M 0.9–1.15× for +28 MiB of peak memory, 25.6M
 * 1.2–1.56× for +21 MiB).
 */
export const SWEEP_WORKERS_MIN_PARAMS = 16_000_000;

/** How many sweep workers a model of `parameters` weights gets: 0 = sweep in the analysis worker. */
export function sweepWorkerCount(parameters: number, cores: number): number {
  if (parameters < SWEEP_WORKERS_MIN_PARAMS || !(cores >= 2)) return 0;
  return Math.min(Math.floor(cores), MAX_SWEEP_WORKERS);
}

function startWorker(started: Worker[]): Promise<SweepEndpoint> {
  return new Promise<SweepEndpoint>((resolve, reject) => {
    let w: Worker;
    try {
      w = new Worker(new URL('../sweep.worker.ts', import.meta.url), { type: 'module', name: 'qs-sweep' });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    started.push(w);
    w.onerror = (e) => reject(new Error(`sweep worker failed to start: ${e.message || 'error event'}`));
    w.onmessage = (e: MessageEvent<SweepReply>) => {
      if (e.data?.type !== 'ready') return;
      resolve({
        post: (job, transfer) => w.postMessage(job, transfer),
        listen: (onReply, onFail) => {
          w.onmessage = (m: MessageEvent<SweepReply>) => onReply(m.data);
          w.onerror = (ev) => onFail(new Error(`sweep worker failed: ${ev.message || 'error event'}`));
          w.onmessageerror = () => onFail(new Error('sweep worker: a message could not be read'));
        },
      });
    };
  });
}

/** What the pool did, for the status line. */
export interface SweepWorkersRun {
  runner: WeightSweepRunner;
  /** Workers asked for. */
  threads: number;
  /** The failure that sent layers back to the analysis worker, and how many. */
  state: { failure: string | null; fallbackLayers: number };
}

/**
 * A runner on `threads` fresh sweep workers (ended when the sweep ends). Each result goes to
 * `onSwept` with its per-filter tables packed by the worker (or, for a layer swept here after
 * a failure, unpacked in `sweep.weightsPerFilter`).
 */
export function startSweepWorkers(threads: number, onSwept: (index: number, sweep: WeightSweep, packed?: PackedLayer) => void): SweepWorkersRun {
  const started: Worker[] = [];
  const ready = Array.from({ length: threads }, () => startWorker(started));
  for (const r of ready) r.catch(() => undefined);
  const workers: SweepWorkers = { ready, close: () => started.forEach((w) => w.terminate()) };
  const { runner, state } = sweepPool(workers, { pack: true, onSwept, fallback: (w, f, opts) => sweepWeights(w, f, opts) });
  return { runner, threads, state };
}
