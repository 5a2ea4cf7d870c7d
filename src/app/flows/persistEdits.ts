/**
 * What the user did with the config survives a reload: the session's Pareto points (manual
 * ones included) and the undo/redo history are saved in IndexedDB next to the config
 * (persist.ts, key `…/edits`) and given back after the config itself was restored.
 *
 * Saved lean: a layer's sweep tables (the analysis's, the same for every config of a model
 * and by far the largest part) are left out of the points and history snapshots and taken
 * back from the restored config, layer by layer, on load. Everything read back is checked
 * as a dropped config is: every point's config and every history snapshot (as the layers of
 * the restored config) goes through the one validator (configIn.ts), and must be of the
 * loaded model with the same layers; anything else is dropped, never shown.
 * Sessions saved before this existed have no `edits` record and load as before.
 */
import { layerWithoutSweep, layersWithSweepsOf } from '../../quant/config/sweeps';
import type { LayerConfig, StudioConfig } from '../../quant/types';
import { dispatch, editsRestored, getState, toPoint, type ConfigPoint, type RestoredEdits } from '../store';
import { validateConfig } from './configIn';

/** The stored form: points as their configs, history as layer snapshots, all without sweeps. */
export interface SavedEdits {
  points: StudioConfig[];
  past: LayerConfig[][];
  future: LayerConfig[][];
  currentPoint: string | null;
}

/** Layers without their sweep tables (shared with the current config, restored from it). */
const leanLayers = (layers: LayerConfig[]): LayerConfig[] => layers.map(layerWithoutSweep);

/** The edit state as saved (see module comment). */
export function leanEdits(points: ConfigPoint[], history: { past: LayerConfig[][]; future: LayerConfig[][] }, currentPoint: string | null): SavedEdits {
  return {
    points: points.map((p) => ({ ...p.config, layers: leanLayers(p.config.layers) })),
    past: history.past.map(leanLayers),
    future: history.future.map(leanLayers),
    currentPoint,
  };
}

/** Structural check of a stored record (arrays of objects; ids strings); null when it is not one. */
export function readSavedEdits(raw: unknown): SavedEdits | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const objects = (v: unknown): v is object[] => Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object');
  const snapshots = (v: unknown): v is LayerConfig[][] => Array.isArray(v) && v.every(objects);
  if (!objects(r.points) || !snapshots(r.past) || !snapshots(r.future)) return null;
  if (r.currentPoint !== null && typeof r.currentPoint !== 'string') return null;
  return { points: r.points as StudioConfig[], past: r.past, future: r.future, currentPoint: r.currentPoint };
}

const sameLayers = (a: LayerConfig[], b: LayerConfig[]) => a.length === b.length && a.every((l, i) => l.name === b[i].name);

/** One saved config through the validator; null when invalid or not of `current`'s model and layers. */
async function checked(raw: unknown, current: StudioConfig): Promise<StudioConfig | null> {
  const v = await validateConfig(raw).catch(() => null);
  if (!v?.ok || v.config.model.hash !== current.model.hash || !sameLayers(v.config.layers, current.layers)) return null;
  return v.config;
}

/**
 * Checks the saved edits against the restored current config and puts them back into the
 * store. A history snapshot that fails the check ends the history there (undo goes back as
 * far as it can be trusted); a point that fails is dropped.
 */
export async function restoreEdits(saved: SavedEdits | null | undefined): Promise<void> {
  const current = getState().config;
  if (!saved || !current) return;
  const withSweeps = (layers: LayerConfig[]) => layersWithSweepsOf(layers, current.layers);
  const lean = { ...current, layers: leanLayers(current.layers) };
  const snapshot = async (layers: LayerConfig[]) => (await checked({ ...lean, layers }, current))?.layers ?? null;
  const [points, past, future] = await Promise.all([
    Promise.all(saved.points.map((c) => checked(c, current))),
    Promise.all(saved.past.map(snapshot)),
    Promise.all(saved.future.map(snapshot)),
  ]);
  // Past is oldest first: keep the newest run of valid snapshots. Future is nearest first.
  const lastBad = past.lastIndexOf(null);
  const firstBad = future.indexOf(null);
  const edits: RestoredEdits = {
    points: points.filter((c): c is StudioConfig => c !== null).map((c) => toPoint({ ...c, layers: withSweeps(c.layers) })),
    history: {
      past: (past.slice(lastBad + 1) as LayerConfig[][]).map(withSweeps),
      future: (firstBad < 0 ? future : future.slice(0, firstBad)).map((l) => withSweeps(l as LayerConfig[])),
    },
    currentPoint: saved.currentPoint,
  };
  // The user may have acted while the checks ran: their newer state wins.
  if (getState().config !== current) return;
  dispatch(editsRestored, edits);
}
