/**
 * The studio's calls into the analysis worker. Every call takes an AbortSignal first;
 * results of `analyze` are cached by a hash of (model hash, data, settings).
 */
import { proxy } from 'comlink';
import type { BackendRequest } from '../../model/backend';
import type { StudioBackendInfo as BackendInfo } from '../../../workers/session';
import type { StudioConfig } from '../../quant/types';
import type { AnalyzeOptions, GpuSweepRequest, JobProgress, WeightSweepInfo } from '../../../workers/api/analysis';
import type { DroppedFile, LoadModelOptions, SessionSummary } from '../../../workers/api/session';
import { unpackConfig } from '../../quant/configWire';
import { hashKey } from '../../quant/identity';
import { LruCache } from '../../quant/lru';
import { WorkerBridge, type Api } from './workerBridge';

export { AbortError, isAbortError } from './workerBridge';
export type { BackendInfo, BackendRequest, JobProgress, AnalyzeOptions, DroppedFile, LoadModelOptions, SessionSummary };
export type { GpuSweepRequest, WeightSweepInfo };
export type { ModelSummary, LayerSummary, DataSummary } from '../../../workers/session';
export type { RegisteredMethodInfo as MethodInfo, MethodName } from '../../model/methods';
export type { MethodJobProgress, ExportedModelFile } from '../../../workers/api/methods';

/** An analysis and how its weight sweep ran (kernel or CPU). */
export interface AnalysisResult {
  config: StudioConfig;
  weightSweep: WeightSweepInfo | null;
  /** True when it came from the page's cache (the sweep info is that earlier run's). */
  cached: boolean;
}

const bridge = new WorkerBridge(
  () => new Worker(new URL('../../../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' }),
);
const analyses = new LruCache<AnalysisResult>(16);
let deviceLost: (reason: string) => void = () => undefined;
/** One proxy for every worker: it forwards a lost WebGPU device to the current listener. */
const onLost = proxy((reason: string) => deviceLost(reason));

/**
 * The files as sent: {path, Blob} pairs, which structured clone passes as handles (no bytes
 * are copied). The bridge keeps the same list to replay into a respawned worker.
 */
function handles(files: DroppedFile[]): DroppedFile[] {
  return files.map((f) => ({ path: f.path, file: f.file }));
}

export const worker = {
  /** Reports worker crashes (after which a fresh worker is already being prepared). */
  onCrash(listener: (message: string) => void): void {
    bridge.onCrash = listener;
  },

  /** How many workers were started (1 + respawns). */
  generation(): number {
    return bridge.generation;
  },

  /** Reports a lost WebGPU device (the worker watches `device.lost`), with the browser's reason. */
  onDeviceLost(listener: (reason: string) => void): void {
    deviceLost = listener;
  },

  initBackend(signal: AbortSignal | undefined, request: BackendRequest): Promise<BackendInfo> {
    bridge.remember('1-backend', (api) => api.init(request, onLost));
    return bridge.run(signal, (api) => api.init(request, onLost));
  },

  /**
   * After a lost GPU: the worker is replaced by one on wasm (cpu if wasm fails) that replays
   * the model and data; a job running on the lost device fails with a message saying so.
   * Resolves with the new backend once the replay is done.
   */
  fallBackToWasm(signal: AbortSignal | undefined, reason: string): Promise<BackendInfo> {
    const note = `WebGPU device lost (${reason})`;
    bridge.remember('1-backend', (api) => api.init('wasm', undefined, note));
    bridge.respawn(new Error(`The WebGPU device was lost (${reason}) during this job; run it again (now on WASM).`));
    return bridge.run(signal, async (api) => (await api.backendInfo())!);
  },

  async loadDemo(signal: AbortSignal | undefined, name: string): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.loadDemo(name));
    bridge.remember('2-model', (api) => api.loadDemo(name));
    bridge.remember('3-data', null);
    return out;
  },

  async loadFiles(signal: AbortSignal | undefined, files: DroppedFile[], opts: LoadModelOptions = {}): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.loadFiles(handles(files), opts));
    bridge.remember('2-model', (api) => api.loadFiles(handles(files), opts));
    bridge.remember('3-data', null);
    return out;
  },

  async loadData(signal: AbortSignal | undefined, files: DroppedFile[]): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.loadData(handles(files)));
    bridge.remember('3-data', (api) => api.loadData(handles(files)));
    return out;
  },

  async useDemoData(signal: AbortSignal | undefined): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.useDemoData());
    bridge.remember('3-data', null);
    return out;
  },

  /**
   * Full analysis, with how its weight sweep ran; a cached result for the same (model,
   * data, settings) returns at once.
   */
  async analyze(
    signal: AbortSignal | undefined,
    key: { modelHash: string; dataKey: string | null },
    opts: AnalyzeOptions,
    onProgress: (p: JobProgress) => void,
    force = false,
  ): Promise<AnalysisResult> {
    const cacheKey = hashKey(['analyze', key.modelHash, key.dataKey, opts]);
    const hit = force ? undefined : analyses.get(cacheKey);
    if (hit) return { ...hit, cached: true };
    const result = await bridge.run(signal, async (api) => {
      const config = unpackConfig(await api.analyzeForPage(opts, proxy(onProgress)));
      return { config, weightSweep: await api.weightSweepInfo(), cached: false };
    });
    analyses.set(cacheKey, result);
    return result;
  },

  /** Wraps a progress callback so the worker can call it back (a comlink proxy). */
  progressProxy<T>(fn: (p: T) => void): (p: T) => void {
    return proxy(fn);
  },

  /** Any other worker call (e.g. the methods API), queued like the rest. */
  call<T>(signal: AbortSignal | undefined, job: (api: Api) => Promise<T>): Promise<T> {
    return bridge.run(signal, job);
  },

  /**
   * A short read-only call answered between the running job's batches, not after the job
   * (WorkerBridge.now): schema checks of a config being exported or imported.
   */
  callNow<T>(job: (api: Api) => Promise<T>): Promise<T> {
    return bridge.now(job);
  },

  /** Kills the worker (used by tests of the respawn path). */
  restart(): void {
    bridge.restart();
  },
};
