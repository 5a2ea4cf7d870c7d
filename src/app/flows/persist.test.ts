import { describe, expect, it } from 'vitest';
import { restoreSaved } from './persist';

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
