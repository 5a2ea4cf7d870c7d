/**
 * Zip-bomb-safe unpacking of a dropped model archive (model.json + shards in one .zip).
 *
 * A zip's headers state each entry's sizes, but nothing forces them to be true, so the
 * archive is checked twice:
 *  1. before inflating anything, the central directory: entry count, declared total size and
 *     declared compression ratio (a 1 GiB file of zeros deflates to ~1 MiB, ratio ≈ 1000:1);
 *  2. while inflating, slice by slice, the bytes actually produced: the running total and the
 *     running ratio output/input. Deflate expands at most ~1032:1, so each input slice is sized
 *     to the output headroom left (slice ≤ headroom / 1032, between `minSliceBytes` and
 *     `maxSliceBytes`): honest archives quickly move in 1 MiB slices, while a bomb with lying
 *     headers is fed 4 KiB at a time and stopped after at most `ratioCheckAfterBytes` + 4 MiB,
 *     never inflated in full.
 *
 * Model weights are noise-like floats and compress at about 1.1:1 (pruned models at most
 * ~20:1), so a ratio above `maxRatio` on a sizeable entry is refused as a bomb.
 * Errors are `ModelLoadError`s with one-line messages naming the archive.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, unzipSync, type UnzipFile } from 'fflate';
import { ModelLoadError } from './errors';
import { formatBytes } from './manifest';

interface ZipLimits {
  /** Most entries (files and folders) an archive may list. */
  maxEntries: number;
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
  /** Highest inflated/compressed ratio accepted once `ratioCheckAfterBytes` are out. */
  maxRatio: number;
  ratioCheckAfterBytes: number;
  /** Bounds of the input slices pushed to the inflater (a slice bounds the output of one step). */
  minSliceBytes: number;
  maxSliceBytes: number;
}

/** Largest expansion of deflate (258-byte matches coded in ~2 bits): ≈ 1032:1. */
const DEFLATE_MAX_RATIO = 1032;

export const ZIP_LIMITS: Readonly<ZipLimits> = {
  maxEntries: 1000,
  maxTotalBytes: 512 * 1024 ** 2,
  maxRatio: 200,
  ratioCheckAfterBytes: 4 * 1024 ** 2,
  minSliceBytes: 4 * 1024,
  maxSliceBytes: 1024 ** 2,
};

/** Next input slice: small enough that even a worst-case expansion stays within the headroom. */
function nextSlice(produced: number, consumed: number, limits: ZipLimits): number {
  const headroom = Math.min(limits.maxTotalBytes - produced, limits.maxRatio * consumed - produced);
  const fit = Math.floor(headroom / DEFLATE_MAX_RATIO);
  return Math.max(limits.minSliceBytes, Math.min(limits.maxSliceBytes, fit));
}

/** True for bytes that start like a zip archive (local header or empty-archive end record). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** Entries that archivers add and that are never model files. */
function isNoise(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').pop() === '.DS_Store';
}

/** 'a\\b', './a/b', '/a/b' → 'a/b'; refuses '..' segments (the names become lookup keys). */
function cleanName(name: string, zipName: string): string {
  const parts = name.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new ModelLoadError(`${zipName}: entry '${name}' has an unsafe path ('..')`, zipName);
  return parts.join('/');
}

function bombMessage(zipName: string, what: string, limits: ZipLimits): ModelLoadError {
  return new ModelLoadError(`${zipName}: refused as a zip bomb: ${what} ` +
    `(limits: ${formatBytes(limits.maxTotalBytes)} unpacked, ratio ${limits.maxRatio}:1, ${limits.maxEntries} entries)`, zipName);
}

/** Step 1: the central directory's claims, read without inflating anything. */
function checkDirectory(zip: Uint8Array, zipName: string, limits: ZipLimits): void {
  let entries = 0;
  let declared = 0;
  let problem: ModelLoadError | null = null;
  try {
    unzipSync(zip, {
      filter(info) {
        entries++;
        declared += info.originalSize;
        if (problem) return false;
        if (entries > limits.maxEntries) {
          problem = bombMessage(zipName, `more than ${limits.maxEntries} entries`, limits);
        } else if (declared > limits.maxTotalBytes) {
          problem = bombMessage(zipName, `entries declare ${formatBytes(declared)} unpacked`, limits);
        } else if (info.originalSize > limits.ratioCheckAfterBytes &&
          info.originalSize > limits.maxRatio * Math.max(1, info.size)) {
          const ratio = Math.round(info.originalSize / Math.max(1, info.size));
          problem = bombMessage(zipName, `'${info.name}' declares ${formatBytes(info.originalSize)} from ` +
            `${formatBytes(info.size)} (ratio ${ratio}:1)`, limits);
        }
        return false;
      },
    });
  } catch (e) {
    throw new ModelLoadError(`${zipName}: not a readable zip archive (${(e as Error).message})`, zipName);
  }
  if (problem) throw problem;
}

/**
 * Unpacks a model archive into path → bytes, refusing archives that would unpack past
 * `limits` (see the module comment). Directory entries and macOS metadata are dropped.
 */
export function unzipModelFiles(zip: Uint8Array, zipName = 'model.zip', limits: ZipLimits = ZIP_LIMITS): Map<string, Uint8Array> {
  if (!isZip(zip)) throw new ModelLoadError(`${zipName}: not a zip archive (no 'PK' signature)`, zipName);
  checkDirectory(zip, zipName, limits);

  const out = new Map<string, Uint8Array>();
  let produced = 0;
  let consumed = 0;
  let failure: Error | null = null;
  const stop = (e: Error, file?: UnzipFile) => {
    failure ??= e;
    file?.terminate();
  };
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (file.compression !== 0 && file.compression !== 8) {
      stop(new ModelLoadError(`${zipName}: entry '${file.name}' uses unsupported compression method ${file.compression}`, zipName));
      return;
    }
    if (isNoise(file.name)) return;
    let name: string;
    try {
      name = cleanName(file.name, zipName);
    } catch (e) {
      stop(e as Error);
      return;
    }
    const parts: Uint8Array[] = [];
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) return stop(new ModelLoadError(`${zipName}: entry '${name}' is corrupt (${err.message})`, zipName), file);
      produced += chunk.length;
      if (produced > limits.maxTotalBytes) {
        return stop(bombMessage(zipName, `entries unpack to more than ${formatBytes(limits.maxTotalBytes)}`, limits), file);
      }
      if (produced > limits.ratioCheckAfterBytes && produced > limits.maxRatio * Math.max(1, consumed)) {
        const ratio = Math.round(produced / Math.max(1, consumed));
        return stop(bombMessage(zipName, `${formatBytes(produced)} unpacked from ${formatBytes(consumed)} (ratio ${ratio}:1)`, limits), file);
      }
      parts.push(chunk);
      if (final) out.set(name, concat(parts));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let o = 0; o < zip.length && !failure;) {
      const end = Math.min(zip.length, o + nextSlice(produced, consumed, limits));
      consumed = end;
      unzip.push(zip.subarray(o, end), end === zip.length);
      o = end;
    }
  } catch (e) {
    failure ??= new ModelLoadError(`${zipName}: corrupt zip archive (${(e as Error).message})`, zipName);
  }
  if (failure) throw failure;
  if (out.size === 0) throw new ModelLoadError(`${zipName}: the archive holds no files`, zipName);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const total = parts.reduce((a, p) => a + p.length, 0);
  const all = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

/**
 * Replaces every zip archive in a dropped file map (by name or by its 'PK' signature when
 * it is the only file) with its entries, unpacked under `unzipModelFiles`' limits.
 * Entries keep their paths inside the archive; other files pass through unchanged.
 */
export function expandArchives(files: Map<string, Uint8Array>, limits: ZipLimits = ZIP_LIMITS): Map<string, Uint8Array> {
  const archives = [...files.keys()].filter((k) => /\.zip$/i.test(k) || (files.size === 1 && isZip(files.get(k)!)));
  if (archives.length === 0) return files;
  const out = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) {
    if (!archives.includes(path)) out.set(path, bytes);
  }
  for (const path of archives) {
    const name = path.split('/').pop() ?? path;
    for (const [inner, bytes] of unzipModelFiles(files.get(path)!, name, limits)) out.set(inner, bytes);
  }
  return out;
}
