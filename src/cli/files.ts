/**
 * Reads a model from disk into the file map loadModelFromFiles takes: model.json plus the
 * weight files its manifest lists (relative to model.json's folder). Files that are absent
 * are simply not in the map; the loader names them. Only files under the model's folder
 * are read. A .zip archive (model.json + shards) is unpacked under the zip-bomb limits of
 * src/model/guards.ts, as on the page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { expandArchives, isZip } from '../model/guards';
import { isPlainObject, safeJsonParse } from '../model/safeJson';
import { CliError } from './errors';

const MAX_FILE_BYTES = 2 * 1024 ** 3;

function readFile(path: string, what: string): Uint8Array {
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
  return new Uint8Array(readFileSync(path));
}

/** The model.json path for a file or folder argument. */
export function resolveModelPath(arg: string): string {
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
  let manifest: unknown;
  try {
    const v = safeJsonParse(new TextDecoder().decode(json)).value;
    manifest = isPlainObject(v) ? v.weightsManifest : undefined;
  } catch {
    manifest = undefined; // the loader reports the JSON error with its position
  }
  if (Array.isArray(manifest)) {
    for (const group of manifest) {
      const paths = isPlainObject(group) && Array.isArray(group.paths) ? group.paths : [];
      for (const rel of paths) {
        if (typeof rel !== 'string' || files.has(rel)) continue;
        const full = resolve(dir, rel);
        const inside = relative(dir, full);
        if (inside.startsWith('..') || inside.includes(`..${sep}`) || resolve(full) === dir) {
          throw new CliError(`model.json: weight path '${rel}' points outside the model folder`);
        }
        if (existsSync(full)) files.set(rel, readFile(full, 'weight file'));
      }
    }
  }
  const folder = basename(dir);
  return { files, name: folder || 'model', path };
}
