/**
 * A sweep worker, started by the analysis worker (workers/api/sweepWorkers.ts) for the
 * weight sweep of a big model: posts {type:'ready'}, then answers each job with
 * src/model/sweepJob.ts (per-filter tables packed and transferred). It holds no model and
 * no tfjs: just src/quant's sweep.
 */
import { answerSweepJob, type SweepJob } from '../src/model/sweepJob';

const scope = self as unknown as { postMessage(m: unknown, transfer: ArrayBuffer[]): void; onmessage: ((e: MessageEvent<SweepJob>) => void) | null };
scope.onmessage = (e) => {
  const { reply, transfer } = answerSweepJob(e.data);
  scope.postMessage(reply, transfer);
};
scope.postMessage({ type: 'ready' }, []);
