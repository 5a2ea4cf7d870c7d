/**
 * Reads dropped files (Blobs: the page hands the worker its File objects, never their bytes)
 * into the file map prepareModelFiles takes, the way src/cli/files.ts reads a folder:
 * model.json first, then the weight shards its manifest lists, in manifest order, as
 * consecutive views of ONE buffer (one Blob of the shards, read once). prepareModelFiles
 * then takes that buffer as the weight bytes without copying (concatBytes), so a dropped
 * model's bytes are in memory once.
 *
 * Files that are neither model.json nor a listed shard are not read (they would not be
 * used), except archives: without a model.json every file is read whole, so a .zip reaches
 * the zip guards as before. A Blob that cannot be read (a dropped file since changed or
 * deleted on disk) becomes a ModelLoadError naming it.
 */
import { ModelLoadError } from './errors';
import { findModelJson, findShardKey, listedShardPaths } from './prepare';

export interface BlobFile {
  path: string;
  file: Blob;
}

/** Past this, one buffer gains nothing: files are read one by one and the loader refuses the model. */
const ONE_BUFFER_MAX = 2 * 1024 ** 3;

async function readWhole(path: string, blob: Blob): Promise<Uint8Array> {
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch (e) {
    throw new ModelLoadError(`${path}: cannot read the file (${(e as Error).message || 'it changed or was removed since it was dropped'}); drop it again`, path);
  }
}

/** The shards as consecutive views of one buffer (read as one Blob). */
async function readShards(shards: readonly BlobFile[]): Promise<Uint8Array[]> {
  const total = shards.reduce((a, s) => a + s.file.size, 0);
  if (total > ONE_BUFFER_MAX) return Promise.all(shards.map((s) => readWhole(s.path, s.file)));
  let buffer: ArrayBuffer;
  try {
    buffer = await new Blob(shards.map((s) => s.file)).arrayBuffer();
  } catch {
    // Find the file that failed, so the message names it.
    for (const s of shards) await readWhole(s.path, s.file);
    throw new ModelLoadError('the weight files could not be read; drop them again');
  }
  let at = 0;
  return shards.map((s) => {
    const view = new Uint8Array(buffer, at, s.file.size);
    at += s.file.size;
    return view;
  });
}

export async function readBlobFiles(files: readonly BlobFile[]): Promise<Map<string, Uint8Array>> {
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  let modelKey: string | null;
  try {
    modelKey = findModelJson(byPath);
  } catch {
    modelKey = null;
  }
  const out = new Map<string, Uint8Array>();
  if (modelKey === null) {
    for (const [path, blob] of byPath) out.set(path, await readWhole(path, blob));
    return out;
  }
  const json = await readWhole(modelKey, byPath.get(modelKey)!);
  out.set(modelKey, json);
  const shards: BlobFile[] = [];
  for (const p of listedShardPaths(json)) {
    const key = findShardKey(byPath.keys(), modelKey, p);
    if (key !== undefined && key !== modelKey && !shards.some((s) => s.path === key)) shards.push({ path: key, file: byPath.get(key)! });
  }
  (await readShards(shards)).forEach((bytes, i) => out.set(shards[i].path, bytes));
  for (const [path, blob] of byPath) if (!out.has(path) && /\.zip$/i.test(path)) out.set(path, await readWhole(path, blob));
  return out;
}
