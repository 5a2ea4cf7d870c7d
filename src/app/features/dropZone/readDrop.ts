/**
 * Turns what the user dropped or picked (files, folders, .zip archives) into a flat list
 * of {path, bytes}. Folders are walked with webkitGetAsEntry; zips are opened with fflate.
 */
import { unzipSync } from 'fflate';
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

/** Reads the files and replaces every .zip by its contents (paths inside the zip kept). */
async function expand(files: File[], paths: string[]): Promise<DroppedFile[]> {
  const out: DroppedFile[] = [];
  for (let i = 0; i < files.length; i++) {
    const bytes = await files[i].arrayBuffer();
    if (/\.zip$/i.test(paths[i])) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(new Uint8Array(bytes));
      } catch (e) {
        throw new Error(`${files[i].name}: not a readable zip archive (${(e as Error).message})`, { cause: e });
      }
      for (const [path, data] of Object.entries(entries)) {
        if (path.endsWith('/') || path.startsWith('__MACOSX/') || /(^|\/)\./.test(path)) continue;
        out.push({ path, bytes: data.slice().buffer as ArrayBuffer });
      }
    } else {
      out.push({ path: paths[i], bytes });
    }
  }
  return out;
}

export type DropKind =
  | { kind: 'model'; files: DroppedFile[] }
  | { kind: 'config'; file: DroppedFile; json: unknown }
  | { kind: 'images'; files: DroppedFile[] }
  | { kind: 'nothing'; reason: string };

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;

function parseJson(f: DroppedFile): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(f.bytes));
  } catch {
    return undefined;
  }
}

/** What a drop is: a config JSON, a model (JSON + shards), images, or nothing usable. */
export function classifyDrop(files: DroppedFile[]): DropKind {
  const jsons = files.filter((f) => /\.json$/i.test(f.path));
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
