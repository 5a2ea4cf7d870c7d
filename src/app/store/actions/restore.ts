/**
 * A reload gives back what the user did with the config, not only the config: the
 * session's Pareto points (manual ones included) and the undo/redo history, read back from
 * IndexedDB (src/app/flows/persistEdits.ts) after the saved config itself was restored.
 */
import type { LayerConfig } from '../../../quant/types';
import type { Action, ConfigPoint } from '../state';

export interface RestoredEdits {
  points: ConfigPoint[];
  history: { past: LayerConfig[][]; future: LayerConfig[][] };
  currentPoint: string | null;
}

/**
 * The restored points join the current config's own point (the saved ones first, in their
 * order; a saved point with the current point's id is replaced by the current one), and the
 * history is taken as saved. Points of another model are ignored; nothing is restored when
 * the current config is not of the points' model.
 */
export const editsRestored: Action<RestoredEdits> = (state, edits) => {
  const config = state.config;
  if (!config) return {};
  const hash = config.model.hash;
  const own = state.points.filter((p) => p.config.model.hash === hash);
  const ownIds = new Set(own.map((p) => p.id));
  const saved = edits.points.filter((p) => p.config.model.hash === hash && !ownIds.has(p.id));
  const points = [...saved, ...own];
  const ids = new Set(points.map((p) => p.id));
  return {
    points,
    history: edits.history,
    // null: the saved config was a manual edit of no point; an id no longer known keeps the current one.
    currentPoint: edits.currentPoint === null || ids.has(edits.currentPoint) ? edits.currentPoint : state.currentPoint,
  };
};
