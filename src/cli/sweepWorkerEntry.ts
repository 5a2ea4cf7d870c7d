/**
 * Body of a CLI sweep worker thread (see parallelSweep.ts). Protocol: posts {type:'ready'}
 * once loaded; then, per {index, filters, weights, opts} job, posts {type:'layer', index,
 * sweep} or {type:'error', message}. Started through sweepWorker.mjs (tsx, from source) or
 * as the bundled .cache/cli/sweepWorker.mjs (scripts/build-cli.mjs).
 */
import { parentPort } from 'node:worker_threads';
import { sweepWeights, type SweepWeightsOptions } from '../quant/sweep';

interface Job { index: number; filters: number; weights: Float32Array; opts: SweepWeightsOptions }

const port = parentPort;
if (!port) throw new Error('sweepWorkerEntry runs only in a worker thread');
port.on('message', (job: Job) => {
  try {
    const sweep = sweepWeights(job.weights, job.filters, job.opts);
    port.postMessage({ type: 'layer', index: job.index, sweep });
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ type: 'ready' });
