/**
 * The studio's calls into the analysis worker: one typed method per use, each derived from
 * the worker's API type (`AnalysisApi`), an AbortSignal first in every queued call. There is
 * no untyped escape hatch: a new worker call gets a method here. Results of `analyze` are
 * cached by a hash of (model hash, data, settings).
 */
import { proxy } from 'comlink';
import type { BackendRequest } from '../../model/backend';
import type { StudioBackendInfo as BackendInfo } from '../../../workers/session';
import type { StudioConfig } from '../../quant/types';
import type { ConfigValidation } from '../../quant/config/restore';
import type { EncodingFormatId, WrittenEncodings } from '../../quant/export/formats';
import type { CurvePoint } from '../../model/curve';
import type { RegisteredMethodInfo, MethodName } from '../../model/methods';
import type { AnalysisApi } from '../../../workers/analysis.worker';
import type { AnalyzeOptions, GpuSweepRequest, JobProgress, WeightSweepInfo } from '../../../workers/api/analysis';
import type { ConfigVerdict, DroppedFile, LoadModelOptions, SessionSummary } from '../../../workers/api/session';
import type { ExportedModelFile, ExportedModelFiles, MethodJobProgress } from '../../../workers/api/methods';
import { hashKey } from '../../quant/identity';
import { LruCache } from '../../quant/lru';
import { unpackConfigInSlices } from './unpackInSlices';
import { WorkerBridge } from './workerBridge';

export { AbortError, isAbortError } from './workerBridge';
export type { AnalysisApi, BackendInfo, BackendRequest, JobProgress, AnalyzeOptions, DroppedFile, LoadModelOptions, SessionSummary };
export type { GpuSweepRequest, WeightSweepInfo, CurvePoint };
export type { ModelSummary, LayerSummary, DataSummary } from '../../../workers/session';
export type { RegisteredMethodInfo as MethodInfo, MethodName } from '../../model/methods';
export type { MethodJobProgress, ExportedModelFile, ExportedModelFiles } from '../../../workers/api/methods';

/** An analysis and how its weight sweep ran (kernel or CPU). */
export interface AnalysisResult {
  config: StudioConfig;
  weightSweep: WeightSweepInfo | null;
  /** True when it came from the page's cache (the sweep info is that earlier run's). */
  cached: boolean;
}

const bridge = new WorkerBridge<AnalysisApi>(
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

/** A progress callback the worker can call back (a comlink proxy); undefined stays undefined. */
function progressProxy<T>(fn: ((p: T) => void) | undefined): ((p: T) => void) | undefined {
  return fn ? proxy(fn) : undefined;
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
    bridge.remember('backend', (api) => api.init(request, onLost));
    return bridge.run(signal, (api) => api.init(request, onLost));
  },

  /**
   * After a lost GPU: the worker is replaced by one on wasm (cpu if wasm fails) that replays
   * the model and data; a job running on the lost device fails with a message saying so.
   * Resolves with the new backend once the replay is done.
   */
  fallBackToWasm(signal: AbortSignal | undefined, reason: string): Promise<BackendInfo> {
    const note = `WebGPU device lost (${reason})`;
    bridge.remember('backend', (api) => api.init('wasm', undefined, note));
    bridge.respawn(new Error(`The WebGPU device was lost (${reason}) during this job; run it again (now on WASM).`));
    return bridge.run(signal, async (api) => {
      const info = await api.backendInfo();
      if (!info) throw new Error('the worker has no backend after the fallback to WASM');
      return info;
    });
  },

  /** Loads a bundled demo (and the demo digits); the model slot of the replay now reloads it. */
  async loadDemo(signal: AbortSignal | undefined, name: string): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.loadDemo(name));
    bridge.remember('model', (api) => api.loadDemo(name));
    bridge.remember('data', null);
    return out;
  },

  async loadFiles(signal: AbortSignal | undefined, files: DroppedFile[], opts: LoadModelOptions = {}): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.loadFiles(handles(files), opts));
    bridge.remember('model', (api) => api.loadFiles(handles(files), opts));
    bridge.remember('data', null);
    return out;
  },

  async loadData(signal: AbortSignal | undefined, files: DroppedFile[]): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.loadData(handles(files)));
    bridge.remember('data', (api) => api.loadData(handles(files)));
    return out;
  },

  async useDemoData(signal: AbortSignal | undefined): Promise<SessionSummary> {
    const out = await bridge.run(signal, (api) => api.useDemoData());
    bridge.remember('data', null);
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
      const config = await unpackConfigInSlices(await api.analyzeForPage(opts, proxy(onProgress)));
      return { config, weightSweep: await api.weightSweepInfo(), cached: false };
    });
    analyses.set(cacheKey, result);
    return result;
  },

  /** The methods, their knobs, defaults and curve budgets. */
  listMethods(signal?: AbortSignal): Promise<RegisteredMethodInfo[]> {
    return bridge.run(signal, (api) => api.listMethods());
  },

  /** One method at one budget (null = its default), from `base` (the analysis) when given. */
  runMethod(signal: AbortSignal | undefined, method: MethodName, budget: number | null,
    onProgress: (p: MethodJobProgress) => void, base: StudioConfig | null, settings?: Record<string, unknown>): Promise<StudioConfig> {
    return bridge.run(signal, (api) => api.runMethod(method, budget, progressProxy(onProgress), settings, base));
  },

  /** A method's whole curve; each point is also sent to `onPoint` as soon as it is measured. */
  runCurve(signal: AbortSignal | undefined, method: MethodName, onProgress: (p: MethodJobProgress) => void,
    onPoint: (p: CurvePoint) => void, base: StudioConfig | null): Promise<StudioConfig[]> {
    return bridge.run(signal, (api) => api.runCurve(method, null, progressProxy(onProgress), undefined, base, progressProxy(onPoint)));
  },

  /**
   * Evaluates `config` on the session's data; `passes: 'full'` skips the weight-only pass.
   * With `onlyIfLoaded`, a config whose model is no longer the worker's when the job gets its
   * turn resolves to null instead of failing.
   */
  evaluate(signal: AbortSignal | undefined, config: StudioConfig,
    opts: { onProgress?: (p: MethodJobProgress) => void; passes?: 'both' | 'full'; onlyIfLoaded?: boolean } = {}): Promise<StudioConfig | null> {
    return bridge.run(signal, async (api) => {
      if (opts.onlyIfLoaded && config.model.hash) {
        const loaded = await api.summary();
        if (loaded.model?.hash !== config.model.hash) return null;
      }
      return api.evaluate(config, progressProxy(opts.onProgress), { passes: opts.passes ?? 'both' });
    });
  },

  /** The config's quantized model as a zip of stock tfjs files. */
  exportModel(signal: AbortSignal | undefined, config: StudioConfig): Promise<ExportedModelFile> {
    return bridge.run(signal, (api) => api.exportModel(config));
  },

  /** The quantized model's files as written (an ONNX model's `.qdq.onnx`), with what they could not hold. */
  exportModelFiles(signal: AbortSignal | undefined, config: StudioConfig): Promise<ExportedModelFiles> {
    return bridge.run(signal, (api) => api.exportModelFiles(config));
  },

  /** One pipeline encoding file, answered between a running job's batches (WorkerBridge.now). */
  exportEncodings(config: StudioConfig, format: EncodingFormatId): Promise<WrittenEncodings> {
    return bridge.now((api) => api.exportEncodings(config, format));
  },

  /** The validator's verdict on a config file's text, without the config back (an export's check). */
  checkConfigText(text: string): Promise<ConfigVerdict> {
    return bridge.now(async (api): Promise<ConfigVerdict> => await api.checkConfigText(text));
  },

  /** The one config validator, answered between a running job's batches (WorkerBridge.now). */
  validateConfig(raw: unknown): Promise<ConfigValidation> {
    // comlink's Promisify spreads the union over two promises; awaiting gives the union back.
    return bridge.now(async (api): Promise<ConfigValidation> => await api.validateConfig(raw));
  },

  /** A copy of one layer's weights (BN folded), transferred. */
  layerWeights(signal: AbortSignal | undefined, layer: string): Promise<Float32Array> {
    return bridge.run(signal, (api) => api.layerWeights(layer));
  },

  /** What the worker holds now (model and data summaries). */
  summary(signal?: AbortSignal): Promise<SessionSummary> {
    return bridge.run(signal, (api) => api.summary());
  },

  /** Kills the worker (used by tests of the respawn path). */
  restart(): void {
    bridge.restart();
  },
};
