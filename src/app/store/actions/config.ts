import type { LayerConfig, StudioConfig, WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS } from '../../../quant/types';
import type { Action } from '../state';
import { recomputeSummary, sweptSqnr } from '../summary';

const HISTORY_LIMIT = 100;

/** A new config from an analysis, a method or an import: edits history starts afresh. */
export const configReady: Action<StudioConfig> = (_state, config) => ({
  config,
  history: { past: [], future: [] },
  error: null,
});

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
    history: { past: [...state.history.past, config.layers].slice(-HISTORY_LIMIT), future: [] },
  };
};

export const undo: Action<void> = (state) => {
  const { past, future } = state.history;
  if (!state.config || past.length === 0) return {};
  const layers = past[past.length - 1];
  return {
    config: withLayers(state.config, layers),
    history: { past: past.slice(0, -1), future: [state.config.layers, ...future] },
  };
};

export const redo: Action<void> = (state) => {
  const { past, future } = state.history;
  if (!state.config || future.length === 0) return {};
  const layers = future[0];
  return {
    config: withLayers(state.config, layers),
    history: { past: [...past, state.config.layers], future: future.slice(1) },
  };
};
