/**
 * readModelFiles reads the shards into consecutive views of one buffer, in manifest order,
 * so that prepareModelFiles takes that buffer as the weight bytes without a copy.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layersModelFiles, type FileMap } from '../../scripts/make-graph-fixture';
import { prepareModelFiles } from '../model/prepare';
import { readModelFiles } from './files';

let dir: string;
let fixture: FileMap;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'qs-files-'));
  fixture = await layersModelFiles('float32');
  mkdirSync(join(dir, 'm'));
  for (const [k, v] of fixture) writeFileSync(join(dir, 'm', k), v);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readModelFiles', () => {
  it('reads the shards into one buffer, in manifest order, byte for byte', async () => {
    const { files, name } = readModelFiles(join(dir, 'm'));
    expect(name).toBe('m');
    const paths = (JSON.parse(new TextDecoder().decode(fixture.get('model.json'))).weightsManifest as { paths: string[] }[])
      .flatMap((g) => g.paths);
    expect(paths.length).toBeGreaterThan(1);
    const views = paths.map((p) => files.get(p)!);
    let at = 0;
    for (const [i, v] of views.entries()) {
      expect(v.buffer).toBe(views[0].buffer);
      expect(v.byteOffset).toBe(at);
      expect(v).toEqual(fixture.get(paths[i]));
      at += v.byteLength;
    }
    expect(views[0].buffer.byteLength).toBe(at);
    expect(files.get('model.json')).toEqual(fixture.get('model.json'));
    const prepared = await prepareModelFiles(files);
    expect(prepared.weightData).toBe(views[0].buffer);
  });

  it('leaves a missing shard out of the map, for the loader to name', async () => {
    mkdirSync(join(dir, 'missing'));
    for (const [k, v] of fixture) if (k !== 'group1-shard2of3.bin') writeFileSync(join(dir, 'missing', k), v);
    const { files } = readModelFiles(join(dir, 'missing', 'model.json'));
    expect(files.has('group1-shard2of3.bin')).toBe(false);
    expect(files.get('group1-shard3of3.bin')).toEqual(fixture.get('group1-shard3of3.bin'));
    await expect(prepareModelFiles(files)).rejects.toThrow('group1-shard2of3.bin: weight file listed in model.json is missing');
  });
});
