/**
 * Body of a CLI sweep worker thread (see parallelSweep.ts): posts {type:'ready'} once
 * loaded, then answers each job with src/model/sweepJob.ts. Started through sweepWorker.mjs
 * (tsx, from source) or as the bundled .cache/cli/sweepWorker.mjs (scripts/build-cli.mjs).
 */
import { parentPort } from 'node:worker_threads';
import { answerSweepJob, type SweepJob } from '../model/sweepJob';

const port = parentPort;
if (!port) throw new Error('sweepWorkerEntry runs only in a worker thread');
port.on('message', (job: SweepJob) => {
  const { reply, transfer } = answerSweepJob(job);
  port.postMessage(reply, transfer);
});
port.postMessage({ type: 'ready' });
