/**
 * The studio's calls into the analysis worker: one typed method per use, each derived from
 * the worker's API type (`AnalysisApi`), an AbortSignal first in every queued call. There is
 * no untyped escape hatch: a new worker call gets a method here.
 *
 * The worker owns the session's analyses (workers/analyses.ts, the one cache): `analyze`
 * returns one with its id and how its sweep ran; a method names its base by that id (with
 * the options to recompute it on a miss). Configs cross without their sweep tables, which
 * never change after the analysis: evaluate and the exports send a config's choices only,
 * and the page re-attaches the analysis' sweeps to what comes back (flows/methods.ts).
 */
import { proxy } from 'comlink';
import type { BackendRequest } from '../../model/backend';
import type { StudioBackendInfo as BackendInfo } from '../../../workers/session';
import type { StudioConfig } from '../../quant/types';
import type { ConfigValidation } from '../../quant/config/restore';
import type { WireConfig } from '../../quant/configWire';
import type { EncodingFormatId, WrittenEncodings } from '../../quant/export/formats';
import type { CurvePoint } from '../../model/curve';
import type { RegisteredMethodInfo, MethodName } from '../../model/methods';
import type { AnalysisApi } from '../../../workers/analysis.worker';
import type { AnalysisRef, AnalyzeOptions, JobProgress, WeightSweepInfo } from '../../../workers/api/analysis';
import type { ConfigVerdict, DroppedFile, LoadModelOptions, SessionSummary } from '../../../workers/api/session';
import type { ExportedModelFile, ExportedModelFiles, MethodJobProgress } from '../../../workers/api/methods';
import { withoutSweeps } from '../../quant/config/sweeps';
import { unpackConfigInSlices } from './unpackInSlices';
import type { WorkerBridge } from './workerBridge';

/** An analysis: its id in the worker, the config with its sweeps, and how its weight sweep ran. */
export interface AnalysisResult {
  id: string;
  config: StudioConfig;
  weightSweep: WeightSweepInfo | null;
  /** True when the worker had it already (the sweep info is that earlier run's). */
  cached: boolean;
}

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

/** The typed calls over `bridge` (src/app/bridge/index.ts makes the app's one, on the real worker). */
export function studioWorker(bridge: WorkerBridge<AnalysisApi>) {
  let deviceLost: (reason: string) => void = () => undefined;
  /** One proxy for every worker: it forwards a lost WebGPU device to the current listener. */
  const onLost = proxy((reason: string) => deviceLost(reason));
  /** The analysis the page shows last: the methods name it as their base. */
  let lastAnalysis: string | null = null;
  const baseRef = (opts: AnalyzeOptions): AnalysisRef => ({ id: lastAnalysis, opts });

  return {
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
     * The analysis of the loaded model on the loaded data with `opts`, with its id and how its
     * weight sweep ran; the worker answers from its cache unless `force`. `onPreview` gets the
     * weights-only config first when activations are still to be measured.
     */
    analyze(signal: AbortSignal | undefined, opts: AnalyzeOptions, onProgress: (p: JobProgress) => void, force = false,
      onPreview?: (preview: StudioConfig) => void | Promise<void>): Promise<AnalysisResult> {
      return bridge.run(signal, async (api) => {
        const preview = onPreview ? proxy(async (wire: WireConfig) => onPreview(await unpackConfigInSlices(wire))) : undefined;
        const reply = await api.analyze(opts, proxy(onProgress), force, preview);
        lastAnalysis = reply.id;
        return { id: reply.id, config: await unpackConfigInSlices(reply.wire), weightSweep: reply.weightSweep, cached: reply.cached };
      });
    },

    /** The methods, their knobs, defaults and curve budgets. */
    listMethods(signal?: AbortSignal): Promise<RegisteredMethodInfo[]> {
      return bridge.run(signal, (api) => api.listMethods());
    },

    /**
     * One method at one budget (null = its default), from the last analysis (named by id; on a
     * miss the worker analyses with `opts`). The result comes back without sweep tables.
     */
    runMethod(signal: AbortSignal | undefined, method: MethodName, budget: number | null,
      onProgress: (p: MethodJobProgress) => void, opts: AnalyzeOptions, settings?: Record<string, unknown>): Promise<StudioConfig> {
      return bridge.run(signal, (api) => api.runMethod(method, budget, progressProxy(onProgress), settings, baseRef(opts)));
    },

    /** A method's whole curve, as runMethod; each point is also sent to `onPoint` as soon as it is measured. */
    runCurve(signal: AbortSignal | undefined, method: MethodName, onProgress: (p: MethodJobProgress) => void,
      onPoint: (p: CurvePoint) => void, opts: AnalyzeOptions): Promise<StudioConfig[]> {
      return bridge.run(signal, (api) => api.runCurve(method, null, progressProxy(onProgress), undefined, baseRef(opts), progressProxy(onPoint)));
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
        return api.evaluate(withoutSweeps(config), progressProxy(opts.onProgress), { passes: opts.passes ?? 'both' });
      });
    },

    /** The config's quantized model as a zip of stock tfjs files. */
    exportModel(signal: AbortSignal | undefined, config: StudioConfig): Promise<ExportedModelFile> {
      return bridge.run(signal, (api) => api.exportModel(withoutSweeps(config)));
    },

    /** The quantized model's files as written (an ONNX model's `.qdq.onnx`), with what they could not hold. */
    exportModelFiles(signal: AbortSignal | undefined, config: StudioConfig): Promise<ExportedModelFiles> {
      return bridge.run(signal, (api) => api.exportModelFiles(withoutSweeps(config)));
    },

    /** One pipeline encoding file, answered between a running job's batches (WorkerBridge.now). */
    exportEncodings(config: StudioConfig, format: EncodingFormatId): Promise<WrittenEncodings> {
      return bridge.now((api) => api.exportEncodings(withoutSweeps(config), format));
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
}
