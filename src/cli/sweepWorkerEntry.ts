/**
 * Body of a CLI sweep worker thread (see parallelSweep.ts). Protocol: posts {type:'ready'}
 * once loaded; then, per {index, filters, weights, opts, giveBack} job, posts {type:'layer',
 * index, sweep} or {type:'error', index, message}, with the weights transferred back
 * (`weights`) when the job says giveBack (they were lent, not copied). Started through
 * sweepWorker.mjs (tsx, from source) or as the bundled .cache/cli/sweepWorker.mjs
 * (scripts/build-cli.mjs).
 */
import { parentPort } from 'node:worker_threads';
import { sweepWeights, type SweepWeightsOptions } from '../quant/sweep';

interface Job { index: number; filters: number; weights: Float32Array; opts: SweepWeightsOptions; giveBack?: boolean }

const port = parentPort;
if (!port) throw new Error('sweepWorkerEntry runs only in a worker thread');
port.on('message', (job: Job) => {
  const back = job.giveBack ? { weights: job.weights } : {};
  const transfer = job.giveBack ? [job.weights.buffer as ArrayBuffer] : [];
  let reply: Record<string, unknown>;
  try {
    reply = { type: 'layer', index: job.index, sweep: sweepWeights(job.weights, job.filters, job.opts), ...back };
  } catch (e) {
    reply = { type: 'error', index: job.index, message: e instanceof Error ? e.message : String(e), ...back };
  }
  port.postMessage(reply, transfer);
});
port.postMessage({ type: 'ready' });
