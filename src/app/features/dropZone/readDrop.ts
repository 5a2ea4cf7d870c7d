/**
 * Turns what the user dropped or picked (files, folders, .zip archives) into a flat list
 * of {path, bytes}. Folders are walked with webkitGetAsEntry; zips go to the worker whole.
 */
import type { DroppedFile } from '../../bridge';

async function readEntry(entry: FileSystemEntry, out: File[], paths: string[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(file);
    paths.push(entry.fullPath.replace(/^\//, ''));
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await readEntry(child, out, paths);
    }
  }
}

/** Files of a drop, folders walked. Entries must be taken synchronously, before any await. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...dt.items]
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.length > 0 && entries.every((e) => e !== null)) {
    const files: File[] = [];
    const paths: string[] = [];
    for (const e of entries) await readEntry(e as FileSystemEntry, files, paths);
    return expand(files, paths);
  }
  const files = [...dt.files];
  return expand(files, files.map((f) => f.webkitRelativePath || f.name));
}

export function filesFromInput(list: FileList | null): Promise<DroppedFile[]> {
  const files = [...(list ?? [])];
  return expand(files, files.map((f) => f.webkitRelativePath || f.name));
}

/**
 * Reads the files. Zip archives stay whole: the worker opens them behind the zip-bomb
 * guards (src/model/guards.ts), off the main thread.
 */
async function expand(files: File[], paths: string[]): Promise<DroppedFile[]> {
  return Promise.all(files.map(async (f, i) => ({ path: paths[i], bytes: await f.arrayBuffer() })));
}

/** A zip by name, or by its "PK\x03\x04" signature. */
export function isZipFile(f: DroppedFile): boolean {
  if (/\.zip$/i.test(f.path)) return true;
  const head = new Uint8Array(f.bytes, 0, Math.min(4, f.bytes.byteLength));
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

export type DropKind =
  | { kind: 'model'; files: DroppedFile[] }
  | { kind: 'config'; file: DroppedFile; json: unknown }
  | { kind: 'images'; files: DroppedFile[] }
  | { kind: 'nothing'; reason: string };

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;

/** A file without an extension whose first non-blank byte is "{" (e.g. a saved download). */
function looksLikeJson(f: DroppedFile): boolean {
  const head = new Uint8Array(f.bytes, 0, Math.min(64, f.bytes.byteLength));
  const first = head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x7b;
}

function parseJson(f: DroppedFile): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(f.bytes));
  } catch {
    return undefined;
  }
}

/** What a drop is: a config JSON, a model (JSON + shards), images, or nothing usable. */
export function classifyDrop(files: DroppedFile[]): DropKind {
  if (files.some(isZipFile)) return { kind: 'model', files };
  const jsons = files.filter((f) => /\.json$/i.test(f.path) || (!/\.\w+$/.test(f.path) && looksLikeJson(f)));
  for (const f of jsons) {
    const json = parseJson(f);
    if (json && typeof json === 'object' && (json as { format?: unknown }).format === 'quantization-studio/config') {
      return { kind: 'config', file: f, json };
    }
  }
  const modelJson = jsons.find((f) => !/(^|\/)metadata\.json$/i.test(f.path));
  if (modelJson) {
    const others = files.filter((f) => f !== modelJson && !/\.json$/i.test(f.path));
    return { kind: 'model', files: [modelJson, ...others] };
  }
  const images = files.filter((f) => IMAGE.test(f.path));
  if (images.length > 0) return { kind: 'images', files: images };
  if (files.some((f) => /\.bin$/i.test(f.path))) {
    return { kind: 'nothing', reason: 'weight shards (.bin) were dropped without their model.json; drop them together' };
  }
  return {
    kind: 'nothing',
    reason: `nothing usable in ${files.map((f) => f.path).join(', ') || 'the drop'}: expected model.json with its weight shards, a folder or .zip of them, a config JSON, or images`,
  };
}
