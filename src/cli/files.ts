/**
 * Reads a model from disk into the file map loadModelFromFiles takes: model.json plus the
 * weight files its manifest lists (relative to model.json's folder). Files that are absent
 * are simply not in the map; the loader names them. Only files under the model's folder
 * are read. A .zip archive (model.json + shards) is unpacked under the zip-bomb limits of
 * src/model/guards.ts, as on the page.
 *
 * Memory: the shards are read straight into ONE buffer, in manifest order, and the map
 * holds views of it; prepareModelFiles then takes that buffer as the model's weight bytes
 * without copying (concatBytes is zero-copy on contiguous views). A model's bytes are in
 * memory once, not three times (shard copies, their concatenation, the per-group check).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { expandArchives, isZip } from '../model/guards';
import { listedShardPaths } from '../model/prepare';
import { CliError } from './errors';

const MAX_FILE_BYTES = 2 * 1024 ** 3;

/** The size of a regular file, or a CliError (missing, a folder, over MAX_FILE_BYTES). */
function fileSize(path: string, what: string): number {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new CliError(`${what} is not a file: ${path}`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${what} not found: ${path}`);
  }
  if (size > MAX_FILE_BYTES) throw new CliError(`${what} is too large (${size} bytes): ${path}`);
  return size;
}

function readFile(path: string, what: string): Uint8Array {
  fileSize(path, what);
  return new Uint8Array(readFileSync(path));
}

/**
 * Reads the files into consecutive views of one buffer (sizes from `stat`). A file that
 * changed size meanwhile gets a view of what was read (shorter) or of its first `size`
 * bytes; the loader's shard-length check then names it, as it would for a bad file.
 */
function readInto(list: readonly { full: string; size: number }[]): Uint8Array[] {
  const total = list.reduce((a, f) => a + f.size, 0);
  // Past the loader's own ceiling one buffer gains nothing: read file by file, and let
  // prepareModelFiles refuse the model with its usual message.
  if (total > MAX_FILE_BYTES) return list.map((f) => readFile(f.full, 'weight file'));
  const buf = new Uint8Array(total);
  let at = 0;
  return list.map(({ full, size }) => {
    let got = 0;
    let fd: number;
    try {
      fd = openSync(full, 'r');
    } catch {
      throw new CliError(`weight file not found: ${full}`);
    }
    try {
      while (got < size) {
        const n = readSync(fd, buf, at + got, size - got, got);
        if (n === 0) break;
        got += n;
      }
    } catch (e) {
      throw new CliError(`cannot read weight file ${full}: ${(e as Error).message}`);
    } finally {
      closeSync(fd);
    }
    const view = buf.subarray(at, at + got);
    at += size;
    return view;
  });
}

/** The model.json path for a file or folder argument. */
function resolveModelPath(arg: string): string {
  const p = resolve(arg);
  if (existsSync(p) && statSync(p).isDirectory()) return join(p, 'model.json');
  return p;
}

export function readModelFiles(arg: string): { files: Map<string, Uint8Array>; name: string; path: string } {
  const path = resolveModelPath(arg);
  const dir = dirname(path);
  const json = readFile(path, 'model file');
  if (/\.zip$/i.test(path) || isZip(json)) {
    const zipName = basename(path);
    return { files: expandArchives(new Map([[zipName, json]])), name: zipName.replace(/\.zip$/i, '') || 'model', path };
  }
  const files = new Map<string, Uint8Array>([['model.json', json]]);
  const shards: { rel: string; full: string; size: number }[] = [];
  for (const rel of listedShardPaths(json)) {
    if (rel === 'model.json') continue;
    const full = resolve(dir, rel);
    const inside = relative(dir, full);
    if (inside.startsWith('..') || inside.includes(`..${sep}`) || resolve(full) === dir) {
      throw new CliError(`model.json: weight path '${rel}' points outside the model folder`);
    }
    if (existsSync(full)) shards.push({ rel, full, size: fileSize(full, 'weight file') });
  }
  readInto(shards).forEach((bytes, i) => files.set(shards[i].rel, bytes));
  const folder = basename(dir);
  return { files, name: folder || 'model', path };
}
