/** The studio's state: one plain object, changed only by the pure actions in ./actions. */
import type { BackendInfo, BackendRequest, DataSummary, GpuSweepRequest, MethodInfo, ModelSummary, WeightSweepInfo } from '../bridge';
import type { LayerConfig, StudioConfig } from '../../quant/types';

export type SortKey = 'index' | 'name' | 'kind' | 'params' | 'macs' | 'bits' | 'scheme' | 'sqnr';

export interface JobState {
  id: number;
  label: string;
  phase: string;
  done: number;
  total: number;
  etaMs: number | null;
}

/** One configuration tried in this session: a point of the Pareto chart, re-appliable. */
export interface ConfigPoint {
  id: string;
  method: string;
  sizeBytes: number;
  bitops: number;
  accuracy: number | null;
  agreement: number | null;
  averageWeightBits: number;
  config: StudioConfig;
}

export interface StudioSettings {
  /** The method chosen in the methods panel (e.g. "uniform", "mxqn"); in the URL. */
  method: string;
  /** Budget of bit-width methods (2..8); in the URL. */
  bits: number;
  /** Budget of the other methods (dB target, ε, λ, average bits); null = the method's default; in the URL. */
  budget: number | null;
  /** Calibration images for activation sweeps. */
  calibration: number;
}

export interface StudioState {
  /** `sweep`: the weight-sweep path asked for (`?gpuSweep=1` → 'on', `?gpuSweep=0` → 'off'). */
  backend: { requested: BackendRequest; info: BackendInfo | null; sweep: GpuSweepRequest };
  /** How the weight sweep of the analysis last run (or taken from the cache) ran; null before one. */
  weightSweep: (WeightSweepInfo & { cached: boolean }) | null;
  model: ModelSummary | null;
  data: DataSummary | null;
  /** The current config, manual edits included. */
  config: StudioConfig | null;
  /**
   * The weights-only analysis shown while the analysis still measures activations (as it
   * arrived, unedited; `config` is it, or it with the user's edits), else null. Not saved:
   * the session keeps finished states only.
   */
  preview: StudioConfig | null;
  /** Undo/redo of manual edits: snapshots of config.layers (unchanged layers are shared). */
  history: { past: LayerConfig[][]; future: LayerConfig[][] };
  /** Configurations produced so far for this model (analysis, methods, imports). */
  points: ConfigPoint[];
  /** Id of the point the current config came from (null after manual edits). */
  currentPoint: string | null;
  job: JobState | null;
  error: string | null;
  /** The raw message behind `error` when it was rewritten into plain words (for a bug report). */
  errorDetail: string | null;
  notice: string | null;
  selectedLayer: string | null;
  sort: { key: SortKey; dir: 1 | -1 };
  settings: StudioSettings;
  /** The bit-width methods the worker offers (with their budget knobs). */
  methods: MethodInfo[];
  /** Workers started so far (1 + respawns after cancel or crash). */
  workerGeneration: number;
  /**
   * The `config.layers` that `config.summary`'s accuracy / agreement were measured for; when it
   * is not `config.layers` (after an edit, undo or redo) those figures are stale and a live
   * re-evaluation is due (src/app/flows/liveEvaluate.ts).
   */
  measuredLayers: LayerConfig[] | null;
}

export const initialState: StudioState = {
  backend: { requested: 'auto', info: null, sweep: 'auto' },
  weightSweep: null,
  model: null,
  data: null,
  config: null,
  preview: null,
  history: { past: [], future: [] },
  points: [],
  currentPoint: null,
  job: null,
  error: null,
  errorDetail: null,
  notice: null,
  selectedLayer: null,
  sort: { key: 'index', dir: 1 },
  settings: { method: 'uniform', bits: 8, budget: null, calibration: 64 },
  methods: [],
  workerGeneration: 0,
  measuredLayers: null,
};

/** An action: a pure function from state and payload to the part of the state it changes. */
export type Action<P> = (state: StudioState, payload: P) => Partial<StudioState>;
