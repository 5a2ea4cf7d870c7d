import { costConfig } from '../../../quant/config/summary';
import type { LayerConfig, SqnrJson, StudioConfig, WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS } from '../../../quant/types';
import { hashKey } from '../../../quant/identity';
import type { Action, ConfigPoint } from '../state';

const HISTORY_LIMIT = 100;
const POINTS_LIMIT = 60;

/** Identity of a config's choices (not its measurements): same choices → same point. */
export function pointId(config: StudioConfig): string {
  const choices = config.layers.map((l) => [l.name, l.weights.scheme, l.weights.bits, l.activations.scheme, l.activations.bits]);
  return `${config.method.name}-${hashKey([config.method.name, choices])}`;
}

/** A config as a Pareto point: its id (pointId) and headline figures from its summary. */
export function toPoint(config: StudioConfig): ConfigPoint {
  const s = config.summary;
  return {
    id: pointId(config), method: config.method.name, sizeBytes: s.sizeBytes, bitops: s.bitops,
    accuracy: s.accuracy ?? null, agreement: s.agreement ?? null, averageWeightBits: s.averageWeightBits, config,
  };
}

/**
 * A new config from an analysis, a method, an import or a Pareto point: it becomes current,
 * joins the session's points (replacing an earlier point with the same choices), and the
 * edit history starts afresh.
 */
export const configReady: Action<StudioConfig> = (state, config) => {
  const point = toPoint(config);
  const sameModel = state.points.length === 0 || state.points[0].config.model.hash === config.model.hash;
  const others = (sameModel ? state.points : []).filter((p) => p.id !== point.id);
  return {
    config,
    preview: null,
    points: [...others, point].slice(-POINTS_LIMIT),
    currentPoint: point.id,
    history: { past: [], future: [] },
    error: null,
    // A saved config with manual edits may carry figures measured before the edits: re-measure it.
    measuredLayers: config.method.name === 'manual' ? null : config.layers,
  };
};

/**
 * The weights-only analysis of a model with no config shown yet, while its activations are
 * measured: it is shown and can be edited, but joins no points and is not saved.
 */
export const analysisPreview: Action<StudioConfig> = (_state, preview) => ({
  config: preview, preview, currentPoint: null, history: { past: [], future: [] }, error: null, measuredLayers: preview.layers,
});

/**
 * The finished analysis. Over its preview it arrives as configReady does; edits the user made
 * on the preview carry over (each edited layer keeps its bits, scheme and granularity, whose
 * SQNR came from the very same weight tables) as one undoable edit on top of the analysis.
 */
export const analysisFinished: Action<StudioConfig> = (state, config) => {
  const next = configReady(state, config);
  const { preview, config: shown } = state;
  if (!preview || !shown || shown === preview || shown.model.hash !== config.model.hash) return next;
  const before = new Map(preview.layers.map((l) => [l.name, l.weights]));
  const edited = new Map(shown.layers.filter((l) => before.has(l.name) && l.weights !== before.get(l.name)).map((l) => [l.name, l]));
  if (edited.size === 0) return next;
  const layers = config.layers.map((l) => {
    const e = edited.get(l.name);
    return e ? { ...l, weights: e.weights, sqnr: { ...l.sqnr, weightsDb: e.sqnr?.weightsDb } } : l;
  });
  return {
    ...next,
    config: { ...withLayers(config, layers), method: { ...config.method, name: 'manual' } },
    currentPoint: null,
    history: { past: [config.layers], future: [] },
    measuredLayers: null,
  };
};

/**
 * The analysis ended without a result (cancelled, failed) while its preview was shown: the
 * unedited preview gives way to `before` (what was shown before the analysis); an edited one
 * stays, as the user's work.
 */
export const analysisAbandoned: Action<StudioConfig | null> = (state, before) => {
  if (!state.preview) return {};
  if (state.config !== state.preview) return { preview: null };
  return { config: before, preview: null, measuredLayers: before?.layers ?? null };
};

/** Configs from a method's curve: they join the points; the current config stays. */
export const pointsAdded: Action<StudioConfig[]> = (state, configs) => {
  const model = state.model?.hash;
  const fresh = new Map(configs.filter((c) => c.model.hash === model).map(toPoint).map((p) => [p.id, p]));
  return { points: [...state.points.filter((p) => !fresh.has(p.id)), ...fresh.values()].slice(-POINTS_LIMIT) };
};

export interface LayerEdit {
  name: string;
  bits?: number;
  scheme?: WeightScheme;
}

/** Weight SQNR of a layer at (scheme, bits) from its sweep table, when the sweep has it. */
function sweptSqnr(layer: LayerConfig, scheme: WeightScheme, bits: number): SqnrJson | undefined {
  return layer.sweep?.weights?.[scheme]?.[String(bits)];
}

function editedLayer(layer: LayerConfig, edit: LayerEdit): LayerConfig {
  const bits = edit.bits === undefined ? layer.weights.bits : Math.round(Math.min(MAX_BITS, Math.max(MIN_BITS, edit.bits)));
  const scheme = edit.scheme ?? layer.weights.scheme;
  const sqnr = typeof bits === 'number' ? sweptSqnr(layer, scheme, bits) : undefined;
  return {
    ...layer,
    weights: { ...layer.weights, bits, scheme, scales: undefined },
    sqnr: sqnr === undefined ? layer.sqnr : { ...layer.sqnr, weightsDb: sqnr },
  };
}

/** The config with `layers`, costed by the studio's one cost model (the CLI's and the worker's). */
function withLayers(config: StudioConfig, layers: LayerConfig[]): StudioConfig {
  return costConfig(config, layers);
}

/** A manual change of one layer's bits and/or scheme; undoable. */
export const editLayer: Action<LayerEdit> = (state, edit) => {
  const config = state.config;
  if (!config) return {};
  const i = config.layers.findIndex((l) => l.name === edit.name);
  if (i < 0) return {};
  const next = editedLayer(config.layers[i], edit);
  const old = config.layers[i];
  if (next.weights.bits === old.weights.bits && next.weights.scheme === old.weights.scheme) return {};
  const layers = config.layers.map((l, j) => (j === i ? next : l));
  return {
    config: { ...withLayers(config, layers), method: { ...config.method, name: 'manual' } },
    currentPoint: null,
    history: { past: [...state.history.past, config.layers].slice(-HISTORY_LIMIT), future: [] },
  };
};

/** Filters `filterStart..filterEnd` of layers `layerStart..layerEnd` (indexes into config.layers, inclusive) get `bits`. */
export interface FilterGroupEdit {
  layerStart: number;
  layerEnd: number;
  filterStart: number;
  filterEnd: number;
  bits: number;
}

function perFilterBits(layer: LayerConfig): number[] {
  const b = layer.weights.bits;
  return typeof b === 'number' ? new Array<number>(layer.filters).fill(b) : b.slice();
}

/**
 * A manual change of the bits of a group of filters (a range brushed on the bit map); undoable.
 * Touched layers become per-filter (one bit-width per filter); their stored scales are dropped
 * and their weight SQNR is looked up in the per-tensor sweep only when all filters share one
 * bit-width (else unknown until the next evaluation).
 * Example: layer of 4 filters at 8 bits, filters 1..2 → 2 bits: bits [8, 2, 2, 8], per-filter.
 */
export const editFilters: Action<FilterGroupEdit> = (state, edit) => {
  const config = state.config;
  if (!config) return {};
  const bits = Math.round(Math.min(MAX_BITS, Math.max(MIN_BITS, edit.bits)));
  if (!Number.isFinite(bits)) return {};
  const l0 = Math.max(0, Math.min(edit.layerStart, edit.layerEnd));
  const l1 = Math.min(config.layers.length - 1, Math.max(edit.layerStart, edit.layerEnd));
  const f0 = Math.max(0, Math.min(edit.filterStart, edit.filterEnd));
  const f1 = Math.max(edit.filterStart, edit.filterEnd);
  let changed = false;
  const layers = config.layers.map((l, i) => {
    if (i < l0 || i > l1 || f0 >= l.filters) return l;
    const next = perFilterBits(l);
    for (let f = f0; f <= Math.min(f1, l.filters - 1); f++) next[f] = bits;
    const old = l.weights.bits;
    if (typeof old !== 'number' && next.every((b, f) => b === old[f])) return l;
    if (typeof old === 'number' && next.every((b) => b === old)) return l;
    changed = true;
    const same = next.every((b) => b === next[0]);
    const sqnr = same ? sweptSqnr(l, l.weights.scheme, next[0]) : undefined;
    return {
      ...l,
      weights: { ...l.weights, bits: next, granularity: 'per-filter' as const, scales: undefined },
      sqnr: { ...l.sqnr, weightsDb: sqnr },
    };
  });
  if (!changed) return {};
  return {
    config: { ...withLayers(config, layers), method: { ...config.method, name: 'manual' } },
    currentPoint: null,
    history: { past: [...state.history.past, config.layers].slice(-HISTORY_LIMIT), future: [] },
  };
};

/**
 * The worker measured `measured` (the config whose layers were `layers`): when those layers
 * are still current, its accuracy / agreement / output SQNR and each layer's scales and SQNRs
 * join the current config (history and Pareto points untouched). A result for layers that
 * have changed since is stale and ignored.
 */
export const liveEvaluated: Action<{ layers: LayerConfig[]; measured: StudioConfig }> = (state, { layers, measured }) => {
  const config = state.config;
  if (!config || config.layers !== layers) return {};
  const byName = new Map(measured.layers.map((l) => [l.name, l]));
  const merged = layers.map((l) => {
    const m = byName.get(l.name);
    if (!m) return l;
    return { ...l, weights: { ...l.weights, scales: m.weights.scales }, sqnr: m.sqnr ?? l.sqnr };
  });
  const s = measured.summary;
  const summary = {
    ...config.summary,
    accuracy: s.accuracy ?? null, agreement: s.agreement ?? null, weightOnlyAccuracy: s.weightOnlyAccuracy ?? null,
    floatAccuracy: s.floatAccuracy ?? config.summary.floatAccuracy, outputSqnrDb: s.outputSqnrDb, outputCosine: s.outputCosine, evaluatedOn: s.evaluatedOn,
  };
  const next = { ...config, layers: merged, summary };
  // A measured manual config is a configuration of its own: it joins the Pareto points (and a
  // point with the same choices gets the new figures), so nothing the user tried is lost.
  const point = toPoint(next);
  const known = state.points.some((p) => p.id === point.id);
  if (config.method.name !== 'manual' && !known) return { config: next, measuredLayers: merged };
  return {
    config: next, measuredLayers: merged, currentPoint: point.id,
    points: [...state.points.filter((p) => p.id !== point.id), point].slice(-POINTS_LIMIT),
  };
};

/**
 * A method's result over the current config: it becomes current and a point like any new
 * config, but as an undoable edit (Undo brings back the layers it replaced, edits included).
 */
export const methodResult: Action<StudioConfig> = (state, config) => {
  const next = configReady(state, config);
  if (!state.config || state.config.model.hash !== config.model.hash) return next;
  return { ...next, history: { past: [...state.history.past, state.config.layers].slice(-HISTORY_LIMIT), future: [] } };
};

/**
 * A Pareto point (or a compared config) applied by the user: it becomes current as an
 * undoable edit — Undo brings back the layers it replaced, manual edits included.
 */
export const pointApplied: Action<StudioConfig> = (state, config) => {
  if (!state.config || state.config.model.hash !== config.model.hash) return configReady(state, config);
  if (state.config.layers === config.layers) return {};
  return {
    config,
    currentPoint: pointId(config),
    history: { past: [...state.history.past, state.config.layers].slice(-HISTORY_LIMIT), future: [] },
    error: null,
    measuredLayers: config.method.name === 'manual' ? null : config.layers,
  };
};

/** The live evaluation of `layers` failed: its figures are unknown (shown as "–"), not stale. */
export const liveEvaluationFailed: Action<{ layers: LayerConfig[]; reason: string }> = (state, { layers }) => {
  const config = state.config;
  if (!config || config.layers !== layers) return {};
  return { config: { ...config, summary: { ...config.summary, accuracy: null, agreement: null } }, measuredLayers: layers };
};

export const undo: Action<void> = (state) => {
  const { past, future } = state.history;
  if (!state.config || past.length === 0) return {};
  const layers = past[past.length - 1];
  return {
    config: withLayers(state.config, layers),
    currentPoint: null,
    history: { past: past.slice(0, -1), future: [state.config.layers, ...future] },
  };
};

export const redo: Action<void> = (state) => {
  const { past, future } = state.history;
  if (!state.config || future.length === 0) return {};
  const layers = future[0];
  return {
    config: withLayers(state.config, layers),
    currentPoint: null,
    history: { past: [...past, state.config.layers], future: future.slice(1) },
  };
};
