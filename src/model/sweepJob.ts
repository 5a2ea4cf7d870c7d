/**
 * One layer's weight sweep as a message: what a sweep worker receives and answers (the CLI's
 * worker threads, src/cli/sweepWorkerEntry.ts, and the page's sweep workers,
 * workers/sweep.worker.ts, run this same function). Pure: no worker or DOM API.
 *
 * `giveBack`: the weights' buffer (lent, or the pool's copy buffer) goes back with the answer.
 * The weights may be a view at the start of a larger buffer; the whole buffer goes back.
 * `pack`: the per-filter tables travel packed (src/quant/configWire.ts: one Float64Array,
 * transferred) instead of as arrays of numbers, which structured clone copies one by one.
 */
import { packLayer, type PackedLayer } from '../quant/configWire';
import { sweepWeights, type SweepWeightsOptions, type WeightSweep } from '../quant/sweep';

export interface SweepJob {
  index: number;
  filters: number;
  weights: Float32Array;
  opts: SweepWeightsOptions;
  giveBack?: boolean;
  pack?: boolean;
}

export type SweepReply =
  | { type: 'ready' }
  | { type: 'layer'; index: number; sweep: WeightSweep; packed?: PackedLayer; weights?: Float32Array }
  | { type: 'error'; index: number; message: string; weights?: Float32Array };

/** The answer to a job and the buffers to transfer with it. */
export function answerSweepJob(job: SweepJob): { reply: SweepReply; transfer: ArrayBuffer[] } {
  const back = job.giveBack ? { weights: job.weights } : {};
  const transfer = job.giveBack ? [job.weights.buffer as ArrayBuffer] : [];
  try {
    const sweep = sweepWeights(job.weights, job.filters, job.opts);
    if (!job.pack) return { reply: { type: 'layer', index: job.index, sweep, ...back }, transfer };
    const packed = packLayer(job.index, sweep.weightsPerFilter);
    sweep.weightsPerFilter = {};
    return { reply: { type: 'layer', index: job.index, sweep, packed, ...back }, transfer: [...transfer, packed.chunk.buffer as ArrayBuffer] };
  } catch (e) {
    return { reply: { type: 'error', index: job.index, message: e instanceof Error ? e.message : String(e), ...back }, transfer };
  }
}
