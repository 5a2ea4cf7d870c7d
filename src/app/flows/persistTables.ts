/**
 * The saved config's per-filter SQNR tables (persist.ts). They are most of a config's
 * numbers (a 74-layer model: ≈ 700k), and IndexedDB's structured clone copies a number
 * array element by element on the main thread: 100–150 ms at every save. So the config is
 * saved with its tables packed (configWire's form), under a key of their own that is
 * rewritten only when the sweeps change; saving an edit writes a few kB. The packed tables
 * are stored as one Blob and their rows as JSON text: cloning the same 5.6 MB as 74
 * Float64Arrays and 3,100 row objects took IndexedDB's put 40–60 ms of main thread, a Blob
 * and a string take a copy.
 */
import { set } from 'idb-keyval';
import { unpackConfig, WirePacker, type WireConfig } from '../../quant/configWire';
import type { StudioConfig } from '../../quant/types';

type WireRow = WireConfig['rows'][number];

/** The per-filter tables as unpackedSaved reads them; the saved config names them by id. */
interface SavedTables { id: string; chunks: Float64Array[]; rows: WireRow[] }

/** The per-filter tables record as written: the chunks back to back in one Blob, `lengths` each, rows as JSON. */
interface StoredTables { id: string; blob: Blob; lengths: number[]; rows: string }

/**
 * A stored tables record in unpackedSaved's form (its Blob read); a record of the earlier
 * form ({id, chunks, rows}) as it is; undefined when the Blob does not hold what it says.
 */
export async function readSavedTables(v: unknown): Promise<unknown> {
  const t = v as Partial<StoredTables> | undefined;
  if (!t || typeof t !== 'object' || !(t.blob instanceof Blob)) return v;
  if (!Array.isArray(t.lengths) || typeof t.rows !== 'string') return undefined;
  try {
    const all = new Float64Array(await t.blob.arrayBuffer());
    const chunks: Float64Array[] = [];
    let at = 0;
    for (const n of t.lengths) {
      if (!Number.isInteger(n) || n < 0 || at + n > all.length) return undefined;
      chunks.push(all.subarray(at, at += n));
    }
    if (at !== all.length) return undefined;
    return { id: t.id, chunks, rows: JSON.parse(t.rows) as unknown };
  } catch {
    return undefined;
  }
}

/** The record written for `tables`. */
export function storedTables(id: string, chunks: Float64Array[], rows: WireRow[]): StoredTables {
  return { id, blob: new Blob(chunks as BlobPart[]), lengths: chunks.map((c) => c.length), rows: JSON.stringify(rows) };
}

/**
 * A config saved in its packed form (savedForm), rebuilt with its tables (`tables` when the
 * saved config names them by id); undefined when it is not one or its tables are missing.
 */
export function unpackedSaved(v: unknown, tables: unknown): StudioConfig | undefined {
  let w = v as WireConfig & { tables?: unknown };
  if (!w || typeof w !== 'object') return undefined;
  if (typeof w.tables === 'string') {
    const t = tables as SavedTables | undefined;
    if (!t || t.id !== w.tables) return undefined;
    w = { ...w, chunks: t.chunks, rows: t.rows };
  }
  if (!w.config || !Array.isArray(w.config.layers) || !Array.isArray(w.rows) || !Array.isArray(w.chunks)) return undefined;
  if (!w.chunks.every((c) => c instanceof Float64Array)) return undefined;
  try {
    return unpackConfig(w);
  } catch {
    return undefined;
  }
}

/** Each per-filter table packed once (tables are never changed in place: edits share them). */
const packedTables = new WeakMap<object, { chunk: Float64Array; rows: WireRow[] }>();

/**
 * The config with its per-filter tables as Float64Arrays; a layer is packed once, and the
 * main thread is handed back between layers.
 */
export async function savedForm(config: StudioConfig): Promise<WireConfig> {
  const chunks: Float64Array[] = [];
  const rows: WireRow[] = [];
  const layers = [];
  let started = performance.now();
  for (const [i, l] of config.layers.entries()) {
    if (!l.sweep) {
      layers.push(l);
      continue;
    }
    let packed = packedTables.get(l.sweep.weightsPerFilter);
    if (!packed) {
      const packer = new WirePacker();
      packer.add(i, l.sweep.weightsPerFilter);
      packedTables.set(l.sweep.weightsPerFilter, packed = { chunk: packer.chunks[0], rows: packer.rows });
    }
    chunks.push(packed.chunk);
    for (const r of packed.rows) rows.push({ ...r, layer: i });
    layers.push({ ...l, sweep: { ...l.sweep, weightsPerFilter: {} } });
    if (performance.now() - started > 8) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      started = performance.now();
    }
  }
  return { config: { ...config, layers }, chunks, rows };
}

/** The tables last written (their chunks' identities say whether a save must write them again). */
let writtenTables: { id: string; chunks: Float64Array[] } | null = null;
let tablesCount = 0;

/**
 * The state record's fields for `config` (in place of `config` itself); its tables are
 * written under `key` first, when they changed since the last save.
 */
export async function savedConfigFields(config: StudioConfig, key: string): Promise<{ config: null; configWire: WireConfig & { tables: string } }> {
  const wire = await savedForm(config);
  const same = writtenTables !== null && writtenTables.chunks.length === wire.chunks.length &&
    writtenTables.chunks.every((c, i) => c === wire.chunks[i]);
  if (!same || !writtenTables) {
    const id = `${Date.now().toString(36)}-${++tablesCount}`;
    await set(key, storedTables(id, wire.chunks, wire.rows));
    writtenTables = { id, chunks: wire.chunks };
  }
  return { config: null, configWire: { config: wire.config, chunks: [], rows: [], tables: writtenTables.id } };
}
