import { describe, expect, it } from 'vitest';
import { restoreSaved } from './persist';
import { readSavedTables, savedForm, storedTables } from './persistTables';
import type { StudioConfig } from '../../quant/types';

describe('restoreSaved: dropped files', () => {
  it('keeps saved Blobs, and reads files saved by older builds ({path, bytes}) as Blobs', async () => {
    const blob = new Blob(['{"a":1}']);
    const now = restoreSaved({ model: { kind: 'files', files: [{ path: 'model.json', file: blob }] } });
    expect(now.model).toEqual({ kind: 'files', files: [{ path: 'model.json', file: blob }] });
    const bytes = new TextEncoder().encode('shard').buffer as ArrayBuffer;
    const old = restoreSaved({ data: { kind: 'images', files: [{ path: '3/a.png', bytes }] } });
    const files = old.data?.kind === 'images' ? old.data.files : [];
    expect(files.map((f) => f.path)).toEqual(['3/a.png']);
    expect(files[0].file).toBeInstanceOf(Blob);
    expect(await files[0].file.text()).toBe('shard');
  });

  it('drops a file list with any malformed entry', () => {
    for (const bad of [[{ path: 'model.json' }], [{ path: 3, file: new Blob([]) }], [null], 'x']) {
      expect(restoreSaved({ model: { kind: 'files', files: bad } }).model).toBeUndefined();
    }
  });
});

describe('the saved config: per-filter tables packed', () => {
  const config = {
    format: 'quantization-studio/config', version: 1, model: { hash: 'h' },
    layers: [
      { name: 'a', sweep: { weights: { fixed: { '4': 20 } }, weightsPerFilter: { fixed: { '4': [19, null, 'Infinity'] }, log2: { '3': [2, 3, 4] } } } },
      { name: 'b' },
      { name: 'c', sweep: { weights: {}, weightsPerFilter: { dfp: { '8': [40] } } } },
    ],
  } as unknown as StudioConfig;

  it('is stored as Float64Arrays and read back equal (through a structured clone, as IndexedDB does)', async () => {
    const expected = structuredClone(config);
    const saved = await savedForm(config);
    expect(saved.chunks.every((c) => c instanceof Float64Array)).toBe(true);
    expect(saved.config.layers[0].sweep?.weightsPerFilter).toEqual({});
    expect(config).toEqual(expected);
    expect(restoreSaved(structuredClone({ configWire: saved })).config).toEqual(expected);
    // Saving again reuses the packed tables and gives the same record.
    expect(await savedForm(config)).toEqual(saved);
  });

  it('still reads a config saved whole by earlier versions, and drops a broken packed one', async () => {
    expect(restoreSaved({ config: structuredClone(config) }).config).toEqual(config);
    const saved = await savedForm(config);
    expect(restoreSaved({ configWire: { ...saved, chunks: [new Float64Array(1)] } }).config).toBeUndefined();
    expect(restoreSaved({ configWire: { ...saved, chunks: [[1, 2]] } }).config).toBeUndefined();
    expect(restoreSaved({ configWire: 'junk' }).config).toBeUndefined();
  });

  it('reads tables saved under their own key, only when the ids match', async () => {
    const saved = await savedForm(config);
    const configWire = { ...saved, chunks: [], rows: [], tables: 't1' };
    expect(restoreSaved(structuredClone({ configWire, tables: { id: 't1', chunks: saved.chunks, rows: saved.rows } })).config).toEqual(config);
    expect(restoreSaved({ configWire, tables: { id: 't0', chunks: saved.chunks, rows: saved.rows } }).config).toBeUndefined();
    expect(restoreSaved({ configWire }).config).toBeUndefined();
  });

  it('reads tables stored as one Blob with JSON rows, and refuses a Blob that does not match its lengths', async () => {
    const saved = await savedForm(config);
    const configWire = { ...saved, chunks: [], rows: [], tables: 't2' };
    const stored = storedTables('t2', saved.chunks, saved.rows);
    expect(stored.blob.size).toBe(saved.chunks.reduce((a, c) => a + c.byteLength, 0));
    expect(typeof stored.rows).toBe('string');
    expect(restoreSaved({ configWire, tables: await readSavedTables(stored) }).config).toEqual(config);
    expect(await readSavedTables({ ...stored, lengths: [...stored.lengths, 1] })).toBeUndefined();
    expect(await readSavedTables({ ...stored, lengths: stored.lengths.slice(1) })).toBeUndefined();
    expect(await readSavedTables({ ...stored, blob: new Blob(['abc']) })).toBeUndefined();
    expect(await readSavedTables({ ...stored, rows: 'not json' })).toBeUndefined();
    // The earlier form passes through as it is.
    const old = { id: 't2', chunks: saved.chunks, rows: saved.rows };
    expect(await readSavedTables(old)).toBe(old);
  });
});
