/**
 * readBlobFiles: dropped files arrive as Blobs (File objects) and are read in the worker,
 * model.json first, then the listed shards as consecutive views of one buffer that
 * prepareModelFiles takes without copying.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, type FileMap } from '../../scripts/make-graph-fixture';
import { ModelLoadError } from './errors';
import { loadModelFromFiles, prepareModelFiles } from './load';
import { expandArchives } from './guards';
import { readBlobFiles, type BlobFile } from './readBlobs';

let fx: Record<string, FileMap>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await buildFixtures();
});

const blobs = (files: FileMap, prefix = ''): BlobFile[] =>
  [...files].map(([path, bytes]) => ({ path: prefix + path, file: new Blob([bytes as Uint8Array<ArrayBuffer>]) }));

describe('readBlobFiles', () => {
  it('reads model.json and the listed shards (any drop order) into one buffer, in manifest order, and nothing else', async () => {
    const dropped = blobs(fx['layers-float32'], 'net/').reverse();
    dropped.splice(1, 0, { path: 'net/notes.txt', file: new Blob(['unrelated']) }, { path: 'net/other.bin', file: new Blob(['x']) });
    const map = await readBlobFiles(dropped);
    const manifest = JSON.parse(new TextDecoder().decode(map.get('net/model.json')!)) as { weightsManifest: { paths: string[] }[] };
    const paths = manifest.weightsManifest.flatMap((g) => g.paths);
    expect([...map.keys()].sort()).toEqual(['net/model.json', ...paths.map((p) => `net/${p}`)].sort());
    const views = paths.map((p) => map.get(`net/${p}`)!);
    let at = 0;
    for (const [i, v] of views.entries()) {
      expect(v.buffer).toBe(views[0].buffer);
      expect(v.byteOffset).toBe(at);
      expect([...v]).toEqual([...fx['layers-float32'].get(paths[i])!]);
      at += v.byteLength;
    }
    expect(at).toBe(views[0].buffer.byteLength);
    const prepared = await prepareModelFiles(map);
    expect(prepared.weightData).toBe(views[0].buffer); // no copy
    const ref = await prepareModelFiles(fx['layers-float32']);
    expect(prepared.hash).toBe(ref.hash);
  });

  it('reads a zip whole, so it reaches the zip guards and loads', async () => {
    const zip = zipSync(Object.fromEntries(fx['graph-float32']));
    const map = await readBlobFiles([{ path: 'model.zip', file: new Blob([zip]) }]);
    expect([...map.keys()]).toEqual(['model.zip']);
    const m = await loadModelFromFiles(expandArchives(map));
    expect(m.layers.map((l) => l.name)).toEqual(['conv1', 'dw1', 'fc1']);
    m.dispose();
  });

  it('leaves a missing shard to the loader, which names it', async () => {
    const dropped = blobs(fx['layers-float32']).filter((f) => f.path !== 'group1-shard2of3.bin');
    await expect(prepareModelFiles(await readBlobFiles(dropped))).rejects.toThrow(/group1-shard2of3\.bin: weight file listed in model\.json is missing/);
  });

  it('a file that cannot be read (changed on disk since the drop) is a one-line error naming it', async () => {
    class Unreadable extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new Error('NotReadableError'));
      }
    }
    const dropped = blobs(fx['layers-float32']).map((f) => (f.path === 'model.json' ? { ...f, file: new Unreadable(['{}']) } : f));
    const e = await readBlobFiles(dropped).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModelLoadError);
    expect((e as Error).message).toMatch(/^model\.json: cannot read the file \(NotReadableError\); drop it again$/);
  });
});
