/**
 * Turns what the user dropped or picked (files, folders, .zip archives) into a flat list
 * of {path, file}. Folders are walked with webkitGetAsEntry; zips go to the worker whole.
 * The page never reads a model's bytes: the File objects go to the worker (a File crosses
 * as a handle), which reads them. Only what classifying the drop needs is read here: the
 * first bytes of a file without an extension, and the text of (small) JSON files.
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
 * Pairs the files with their paths; nothing is read. Zip archives stay whole: the worker
 * opens them behind the zip-bomb guards (src/model/guards.ts), off the main thread.
 */
async function expand(files: File[], paths: string[]): Promise<DroppedFile[]> {
  return files.map((f, i) => ({ path: paths[i], file: f }));
}

/** The first `n` bytes of a file (fewer when it is shorter; none when it cannot be read). */
async function head(f: DroppedFile, n: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await f.file.slice(0, n).arrayBuffer());
  } catch {
    return new Uint8Array(0);
  }
}

/** A zip by name, or by its "PK\x03\x04" signature. */
async function isZipFile(f: DroppedFile): Promise<boolean> {
  if (/\.zip$/i.test(f.path)) return true;
  const h = await head(f, 4);
  return h.length === 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04;
}

type DropKind =
  | { kind: 'model'; files: DroppedFile[] }
  | { kind: 'config'; file: DroppedFile; json: unknown }
  | { kind: 'images'; files: DroppedFile[] }
  | { kind: 'nothing'; reason: string };

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;

/** A file without an extension whose first non-blank byte is "{" (e.g. a saved download). */
async function looksLikeJson(f: DroppedFile): Promise<boolean> {
  const first = (await head(f, 64)).find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x7b;
}

/**
 * Larger JSON files are not read here to look for a config: a config JSON is a few MB even
 * for a 50-layer model, while a model.json with embedded weights can be far larger.
 */
const CONFIG_MAX_BYTES = 64 * 1024 ** 2;

async function parseJson(f: DroppedFile): Promise<unknown> {
  if (f.file.size > CONFIG_MAX_BYTES) return undefined;
  try {
    return JSON.parse(await f.file.text());
  } catch {
    return undefined;
  }
}

async function some<T>(items: readonly T[], test: (x: T) => Promise<boolean>): Promise<boolean> {
  for (const x of items) if (await test(x)) return true;
  return false;
}

/** What a drop is: a config JSON, a model (JSON + shards), images, or nothing usable. */
export async function classifyDrop(files: DroppedFile[]): Promise<DropKind> {
  if (await some(files, isZipFile)) return { kind: 'model', files };
  // An ONNX model: the .onnx and whatever lies beside it (its external data files).
  const onnx = files.filter((f) => /\.onnx$/i.test(f.path));
  if (onnx.length > 0) return { kind: 'model', files: [...onnx, ...files.filter((f) => !onnx.includes(f) && !IMAGE.test(f.path) && !/\.json$/i.test(f.path))] };
  const jsons: DroppedFile[] = [];
  for (const f of files) if (/\.json$/i.test(f.path) || (!/\.\w+$/.test(f.path) && await looksLikeJson(f))) jsons.push(f);
  for (const f of jsons) {
    const json = await parseJson(f);
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
    reason: `nothing usable in ${files.map((f) => f.path).join(', ') || 'the drop'}: expected model.json with its weight shards, a .onnx model, a folder or .zip of them, a config JSON, or images`,
  };
}
