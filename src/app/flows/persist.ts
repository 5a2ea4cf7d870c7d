/**
 * Session persistence in IndexedDB (idb-keyval): the model (demo name or the dropped
 * files themselves, stored as Blobs: IndexedDB keeps them in the browser's blob store, not
 * in the page's memory), the data choice, settings and the current config with manual
 * edits (its per-filter tables apart: persistTables.ts), and (persistEdits.ts) the session's Pareto points and undo history. Everything read back goes through `restoreSaved`, which drops junk (the saved
 * config then goes through the one config validator, as a dropped file does: configIn.ts); files saved by earlier versions as {path, bytes: ArrayBuffer} are read as Blobs.
 */
import { getMany, set } from 'idb-keyval';
import type { DroppedFile } from '../bridge';
import type { StudioConfig } from '../../quant/types';
import { getState, subscribe, type StudioSettings } from '../store';
import { leanEdits, readSavedEdits, type SavedEdits } from './persistEdits';
import { readSavedTables, savedConfigFields, unpackedSaved } from './persistTables';

const KEY = 'quantization-studio/session/v1';

export type SavedModel = { kind: 'demo'; name: string } | { kind: 'files'; files: DroppedFile[] };
export type SavedData = { kind: 'demo' } | { kind: 'images'; files: DroppedFile[] };

export interface SavedSession {
  model?: SavedModel;
  data?: SavedData;
  config?: StudioConfig | null;
  settings?: Partial<StudioSettings>;
  backend?: string;
  selectedLayer?: string | null;
  /** Pareto points and undo history (absent in sessions saved before they were kept). */
  edits?: SavedEdits | null;
}

/** Saved files as {path, file: Blob}; null when any entry is malformed. */
function savedFiles(v: unknown): DroppedFile[] | null {
  if (!Array.isArray(v)) return null;
  const out: DroppedFile[] = [];
  for (const f of v as { path?: unknown; file?: unknown; bytes?: unknown }[]) {
    if (!f || typeof f.path !== 'string') return null;
    if (f.file instanceof Blob) out.push({ path: f.path, file: f.file });
    else if (f.bytes instanceof ArrayBuffer) out.push({ path: f.path, file: new Blob([f.bytes]) });
    else return null;
  }
  return out;
}

/** Never trust what was stored: keep only well-formed parts. */
export function restoreSaved(raw: unknown): SavedSession {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: SavedSession = {};
  const m = r.model as Record<string, unknown> | undefined;
  if (m?.kind === 'demo' && typeof m.name === 'string') out.model = { kind: 'demo', name: m.name };
  const modelFiles = m?.kind === 'files' ? savedFiles(m.files) : null;
  if (modelFiles) out.model = { kind: 'files', files: modelFiles };
  const d = r.data as Record<string, unknown> | undefined;
  const dataFiles = d?.kind === 'images' ? savedFiles(d.files) : null;
  if (dataFiles) out.data = { kind: 'images', files: dataFiles };
  const c = (r.configWire ? unpackedSaved(r.configWire, r.tables) : r.config) as StudioConfig | undefined;
  if (c && c.format === 'quantization-studio/config' && Array.isArray(c.layers)) out.config = c;
  if (r.settings && typeof r.settings === 'object') out.settings = r.settings as Partial<StudioSettings>;
  if (typeof r.backend === 'string') out.backend = r.backend;
  if (typeof r.selectedLayer === 'string') out.selectedLayer = r.selectedLayer;
  const edits = readSavedEdits(r.edits);
  if (edits) out.edits = edits;
  return out;
}

const KEYS = { model: `${KEY}/model`, data: `${KEY}/data`, state: `${KEY}/state`, edits: `${KEY}/edits`, tables: `${KEY}/tables` } as const;
type SavedState = Pick<SavedSession, 'config' | 'settings' | 'backend' | 'selectedLayer'>;

let pending: Promise<void> = Promise.resolve();
/** The small part of the session, kept in memory so that saving it never reads IndexedDB. */
let state: SavedState = {};

/**
 * Saves part of the session. The model's files and the data live under their own keys and
 * are written only when they change; edits rewrite only the small state record (and the
 * points and history record when those changed). A new model drops the saved config and edits.
 */
export function persistSession(patch: SavedSession): Promise<void> {
  const { model, data, edits, ...rest } = patch;
  if (model) state = { ...state, config: null };
  state = { ...state, ...rest };
  const snapshot = state;
  pending = pending.then(async () => {
    // A task of its own: run as a microtask, the save's preparation (the config's tables
    // packed, the record cloned) landed in the task that had just drawn a new analysis and
    // made it a long one (≈ 15 ms more on a 74-layer model).
    await new Promise((r) => setTimeout(r, 0));
    try {
      if (model) await set(KEYS.model, model);
      if (data !== undefined || model) await set(KEYS.data, data ?? null);
      if (edits !== undefined || model) await set(KEYS.edits, edits ?? null);
      // The config's per-filter tables go under their own key (persistTables.ts).
      await set(KEYS.state, snapshot.config ? { ...snapshot, ...(await savedConfigFields(snapshot.config, KEYS.tables)) } : snapshot);
    } catch {
      // IndexedDB unavailable (private mode, quota): the studio still works, it just forgets.
    }
  });
  return pending;
}

export async function loadSaved(): Promise<SavedSession> {
  try {
    const [model, data, saved, edits, tables] = await getMany([KEYS.model, KEYS.data, KEYS.state, KEYS.edits, KEYS.tables]);
    const restored = restoreSaved({ ...(saved ?? {}), model, data, edits, tables: await readSavedTables(tables) });
    state = { config: restored.config, settings: restored.settings, backend: restored.backend, selectedLayer: restored.selectedLayer };
    return restored;
  } catch {
    return {};
  }
}

/** Saves manual edits, settings, backend, selection, Pareto points and undo history as they change (debounced). */
export function startPersisting(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let editsChanged = false;
  return subscribe((s, prev) => {
    // A weights-only preview (and edits on it) is not a finished state: saved once the analysis ends.
    if (s.preview) return;
    const edits = s.points !== prev.points || s.history !== prev.history || s.currentPoint !== prev.currentPoint;
    if (!edits && s.config === prev.config && s.settings === prev.settings && s.selectedLayer === prev.selectedLayer &&
      s.backend.requested === prev.backend.requested) return;
    editsChanged ||= edits;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = getState();
      void persistSession({
        config: now.config, settings: now.settings, backend: now.backend.requested, selectedLayer: now.selectedLayer,
        ...(editsChanged ? { edits: leanEdits(now.points, now.history, now.currentPoint) } : {}),
      });
      editsChanged = false;
    }, 250);
  });
}
