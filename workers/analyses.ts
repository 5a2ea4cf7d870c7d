/**
 * The session's one cache of analyses, kept in the worker. An analysis (the sweeps of every
 * layer) is stored in its packed wire form (src/quant/configWire.ts: per-filter tables as one
 * Float64Array per layer) under an id = hash of (model hash, data key, analysis options), in
 * the studio's one LRU. The page gets a copy with the id and names the analysis by that id
 * when it runs a method; the methods start from the stored analysis instead of a config the
 * page sent back. A worker started after a cancel or a crash holds none: a miss recomputes
 * the analysis with the options the page names, as the first run did.
 */
import { hashKey } from '../src/quant/identity';
import { LruCache } from '../src/quant/lru';
import { unpackConfig, type WireConfig } from '../src/quant/configWire';
import type { StudioConfig } from '../src/quant/types';

/** The page's choice of weight-sweep path: 'auto' (kernel on a real GPU), 'on' (`?gpuSweep=1`), 'off' (`?gpuSweep=0`). */
export type GpuSweepRequest = 'auto' | 'on' | 'off';

export interface AnalyzeOptions {
  /** Calibration images for activation sweeps (0 = weights only). */
  calibration?: number;
  /** Weight-sweep path (default 'auto'). */
  gpuSweep?: GpuSweepRequest;
  /**
   * Sweep workers for the CPU sweep (default: one per core for a model of ≥ 1M weights,
   * workers/api/sweepWorkers.ts; 0 or 1: in the analysis worker). Same results either way,
   * so not part of the analysis id.
   */
  sweepWorkers?: number;
}

/** Which path the weight sweep of an analysis took, for the page's status line. */
export interface WeightSweepInfo {
  /**
   * 'kernel': every per-tensor table from the fused kernel; 'cpu': src/quant's sweep;
   * 'kernel-fallback': the kernel failed and the CPU swept the remaining layers.
   */
  path: 'kernel' | 'cpu' | 'kernel-fallback';
  /** tfjs backend of the worker ('webgpu' when the kernel ran on the GPU). */
  backend: string;
  /** Why this path: auto on a GPU adapter, forced, … */
  reason: string;
  kernelLayers: number;
  cpuLayers: number;
  /** The kernel failure that sent the rest to the CPU, or the sweep workers' failure, when there was one. */
  failure: string | null;
  /** Workers the CPU sweep ran on (1: in the analysis worker; more: sweep workers, src/model/sweepPool.ts). */
  threads: number;
  /** Layers swept in the analysis worker after the sweep workers failed. */
  threadFallbackLayers: number;
  /** Wall time of the weight sweep, ms. */
  ms: number;
  /** Wall time of the whole analysis (weights, calibration, activations), ms. */
  analysisMs: number;
}

/** How the page names the analysis a method starts from: its id, and the options to recompute it on a miss. */
export interface AnalysisRef {
  id: string | null;
  opts: AnalyzeOptions;
}

/** What `analyze` returns: the id, the analysis in wire form (transferred) and how its sweep ran. */
export interface AnalysisReply {
  id: string;
  wire: WireConfig;
  weightSweep: WeightSweepInfo;
  /** True when the worker had it already (the sweep info is that earlier run's). */
  cached: boolean;
}

/** One stored analysis. */
export interface StoredAnalysis {
  id: string;
  modelHash: string;
  dataKey: string | null;
  wire: WireConfig;
  weightSweep: WeightSweepInfo;
}

/** The id of an analysis: the same model, data and options give the same id. */
export function analysisId(modelHash: string, dataKey: string | null, opts: AnalyzeOptions): string {
  return `analysis-${hashKey([modelHash, dataKey, opts.calibration ?? null, opts.gpuSweep ?? 'auto'])}`;
}

/** The config of a wire form with fresh (empty) per-filter tables, so unpacking it leaves the stored form as it is. */
function unpackCopy(wire: WireConfig): StudioConfig {
  const config = {
    ...wire.config,
    layers: wire.config.layers.map((l) => (l.sweep ? { ...l, sweep: { ...l.sweep, weightsPerFilter: {} } } : l)),
  };
  return unpackConfig({ config, chunks: wire.chunks, rows: wire.rows });
}

export class AnalysisCache {
  private readonly lru: LruCache<StoredAnalysis>;
  /** The unpacked config of the analysis the methods used last (one at a time: it is the big form). */
  private unpacked: { id: string; config: StudioConfig } | null = null;

  constructor(capacity = 8) {
    this.lru = new LruCache(capacity);
  }

  get(id: string): StoredAnalysis | undefined {
    return this.lru.get(id);
  }

  set(entry: StoredAnalysis): void {
    this.lru.set(entry.id, entry);
    if (this.unpacked?.id === entry.id) this.unpacked = null;
  }

  /**
   * The analysis a method starts from, for the loaded model and data: the one `ref.id`
   * names when it is of this model and data; else the one of `ref.opts`, computed by
   * `compute` (which stores it) when the cache lacks it.
   */
  async resolve(ref: AnalysisRef | null, model: { hash: string; dataKey: string | null },
    compute: (opts: AnalyzeOptions) => Promise<StoredAnalysis>): Promise<StoredAnalysis> {
    const named = ref?.id ? this.get(ref.id) : undefined;
    if (named && named.modelHash === model.hash && named.dataKey === model.dataKey) return named;
    const opts = ref?.opts ?? {};
    return this.get(analysisId(model.hash, model.dataKey, opts)) ?? compute(opts);
  }

  /** The stored analysis as a full config (per-filter tables unpacked); kept for the last id asked. */
  config(entry: StoredAnalysis): StudioConfig {
    if (this.unpacked?.id !== entry.id) this.unpacked = { id: entry.id, config: unpackCopy(entry.wire) };
    return this.unpacked.config;
  }

  /** A copy of the stored wire form whose buffers can be transferred (the cache keeps its own). */
  static transferable(entry: StoredAnalysis): WireConfig {
    return { config: entry.wire.config, chunks: entry.wire.chunks.map((c) => c.slice()), rows: entry.wire.rows };
  }
}
