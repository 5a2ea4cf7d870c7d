import type { SessionSummary } from '../../bridge';
import type { Action } from '../state';

/**
 * A model (and maybe data) finished loading. A different model drops the config, the
 * history and a selection that no longer exists; the same model keeps them.
 */
export const sessionLoaded: Action<SessionSummary> = (state, s) => {
  const sameModel = state.model !== null && s.model !== null && state.model.hash === s.model.hash;
  if (sameModel) return { model: s.model, data: s.data, error: null };
  const names = new Set(s.model?.layers.map((l) => l.name) ?? []);
  return {
    model: s.model,
    data: s.data,
    config: null,
    preview: null,
    points: [],
    currentPoint: null,
    history: { past: [], future: [] },
    selectedLayer: state.selectedLayer && names.has(state.selectedLayer) ? state.selectedLayer : null,
    error: null,
  };
};

export const dataLoaded: Action<SessionSummary> = (_state, s) => ({ data: s.data, error: null });
