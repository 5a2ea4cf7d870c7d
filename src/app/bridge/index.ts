/**
 * The app's one worker bridge: `WorkerBridge<AnalysisApi>` on the analysis worker, and its
 * typed calls (studioWorker.ts). Everything the page asks the worker goes through `worker`.
 */
import type { AnalysisApi } from '../../../workers/analysis.worker';
import { WorkerBridge } from './workerBridge';
import { studioWorker } from './studioWorker';

export { AbortError, isAbortError } from './workerBridge';
export type { AnalysisResult } from './studioWorker';
export type { AnalysisApi };
export type { BackendRequest } from '../../model/backend';
export type { StudioBackendInfo as BackendInfo, ModelSummary, LayerSummary, DataSummary } from '../../../workers/session';
export type { AnalyzeOptions, GpuSweepRequest, JobProgress, WeightSweepInfo } from '../../../workers/api/analysis';
export type { DroppedFile, LoadModelOptions, SessionSummary } from '../../../workers/api/session';
export type { CurvePoint } from '../../model/curve';
export type { RegisteredMethodInfo as MethodInfo, MethodName } from '../../model/methods';
export type { MethodJobProgress, ExportedModelFile, ExportedModelFiles } from '../../../workers/api/methods';

export const worker = studioWorker(new WorkerBridge<AnalysisApi>(
  () => new Worker(new URL('../../../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' }),
));
