// Worker thread for the CLI's parallel weight sweep (see parallelSweep.ts). Plain .mjs so
// Node can start it directly; it registers tsx itself and runs src/quant/sweep.ts.
// Protocol: posts {type:'ready'} once loaded; then, per {index, filters, weights, opts}
// job, posts {type:'layer', index, sweep} or {type:'error', message}.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { sweepWeights } = await import('../quant/sweep.ts');

parentPort.on('message', (job) => {
  try {
    const sweep = sweepWeights(job.weights, job.filters, job.opts);
    parentPort.postMessage({ type: 'layer', index: job.index, sweep });
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ type: 'ready' });
