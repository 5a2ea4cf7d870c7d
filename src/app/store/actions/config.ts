import type { LayerConfig, StudioConfig, WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS } from '../../../quant/types';
import type { Action, ConfigPoint } from '../state';
import { recomputeSummary, sweptSqnr } from '../summary';

const HISTORY_LIMIT = 100;
const POINTS_LIMIT = 60;

/** Identity of a config's choices (not its measurements): same choices → same point. */
export function pointId(config: StudioConfig): string {
  const choices = config.layers.map((l) => [l.name, l.weights.scheme, l.weights.bits, l.activations.scheme, l.activations.bits]);
  let h = 0x811c9dc5;
  const s = `${config.method.name}|${JSON.stringify(choices)}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `${config.method.name}-${(h >>> 0).toString(36)}`;
}

function toPoint(config: StudioConfig): ConfigPoint {
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
    points: [...others, point].slice(-POINTS_LIMIT),
    currentPoint: point.id,
    history: { past: [], future: [] },
    error: null,
  };
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

function withLayers(config: StudioConfig, layers: LayerConfig[]): StudioConfig {
  return { ...config, layers, summary: recomputeSummary(layers, config.summary) };
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
