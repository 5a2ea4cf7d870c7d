/**
 * What the analysis worker holds between calls: the backend, the loaded model, the data.
 * Summaries of it are plain data the UI can render; tensors and weights never leave here.
 */
import type { BackendInfo } from '../src/model/backend';

/** BackendInfo plus, on wasm, which binary runs ('threaded-simd' starts pthread workers from blob: URLs). */
export type StudioBackendInfo = BackendInfo & { wasmBinary?: 'threaded-simd' | 'simd' | 'plain' };
import type { LoadedModel, ModelFormat } from '../src/model/types';
import type { LayerConfig } from '../src/quant/types';
import { missingCapabilities } from '../src/model/runtime/capabilities';

/** A quantizable layer as the UI lists it: the identity fields of its config. */
export type LayerSummary = Pick<LayerConfig, 'name' | 'kind' | 'weightShape' | 'filters' | 'params' | 'macs'>;

export interface SkippedLayer {
  name: string;
  op: string;
  reason: string;
}

export interface ModelSummary {
  name: string;
  format: ModelFormat;
  hash: string;
  inputShape: number[];
  parameters: number;
  layers: LayerSummary[];
  skipped: SkippedLayer[];
  /** Where it came from: `demo:<name>` or `files`. */
  source: string;
  /** What this model's runtime cannot do, one line for the UI (e.g. no gradients: CQ and EBS), or null. */
  limits: string | null;
  /** Where it runs ('tfjs webgpu', 'onnxruntime-web wasm', …). */
  runtime: string;
  /** Demo models only: facts from their metadata.json (e.g. the float test accuracy). */
  metadata?: { description?: string; floatTestAccuracy?: number };
}

export interface DataSummary {
  /** 'demo' = the bundled digits; 'images' = dropped images. */
  source: 'demo' | 'images';
  count: number;
  labeled: boolean;
  classes: string[];
  /** A stable key of the data for caches: source + count (+ a content hash for images). */
  key: string;
}

/** Images ready for a model: floats 0..1, NHWC flattened; labels absent when unlabeled. */
export interface StudioData {
  summary: DataSummary;
  images: Float32Array;
  labels: Uint8Array | null;
  count: number;
  /** Per-sample shape [h, w, c]. */
  sampleShape: number[];
}

export const session = {
  backend: null as StudioBackendInfo | null,
  model: null as LoadedModel | null,
  modelSummary: null as ModelSummary | null,
  data: null as StudioData | null,
};

/** Plain-data summary of a loaded model (no weights, no tensors). */
export function summarize(model: LoadedModel, source: string): ModelSummary {
  return {
    name: model.name,
    format: model.format,
    hash: model.hash,
    inputShape: model.input.shape.map((d) => (d == null ? -1 : d)),
    parameters: model.parameters,
    layers: model.layers.map((l) => ({
      name: l.name, kind: l.kind, weightShape: [...l.weightShape], filters: l.filters, params: l.params, macs: l.macs,
    })),
    skipped: model.skipped.map((s) => ({ name: s.name, op: s.op, reason: s.reason })),
    source,
    limits: missingCapabilities(model),
    runtime: model.backendName(),
  };
}
