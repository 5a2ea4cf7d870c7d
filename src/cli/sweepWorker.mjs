// Worker thread for the CLI's parallel weight sweep (see parallelSweep.ts). Plain .mjs so
// Node can start it directly; it registers tsx itself and runs src/quant/sweep.ts.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { sweepWeights } = await import('../quant/sweep.ts');

parentPort.on('message', (msg) => {
  try {
    for (const job of msg.layers) {
      const sweep = sweepWeights(job.weights, job.filters, msg.opts);
      parentPort.postMessage({ type: 'layer', index: job.index, sweep });
    }
    parentPort.postMessage({ type: 'done' });
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ type: 'ready' });
