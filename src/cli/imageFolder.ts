/**
 * `--data <folder>` for the CLI: PNG images decoded with pngjs (pure JS) and fitted to the
 * model input, the Node twin of the page's loadData (workers/api/session.ts).
 *
 * Layouts:
 *   - class sub-folders of PNGs (`data/0/a.png`, `data/cat/b.png`): labelled. Classes are
 *     the sub-folder names, sorted; names that are all integers 0..255 are their own class
 *     index (so `0`..`9` map to the digits 0..9), other names get their sorted position.
 *   - loose PNGs (`data/a.png`): unlabelled, so only fidelity figures (agreement, output
 *     SQNR) can be measured.
 * Images are interleaved class by class (round robin), so the first N are balanced.
 * Dot files (.DS_Store) are skipped; anything else that is not a PNG is an error naming it.
 *
 * Conversion to the model input [H, W, C] (see `fitImages`): bilinear resize (half-pixel
 * centres) to H×W, C = 1 → luma 0.299 R + 0.587 G + 0.114 B, C = 3 → RGB, alpha ignored,
 * scaled to 0..1; like the page, dark-on-light grayscale images (mean border > 0.5) are
 * inverted to the digits' light-on-dark. Example: a 2×2 gray PNG [0, 255; 255, 0] resized
 * to 1×1 gives 0.5 (the bilinear centre sample).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { CliError } from './errors';

export interface DecodedImage {
  /** Path relative to the data folder (for messages). */
  path: string;
  width: number;
  height: number;
  /** width · height · 4 bytes, RGBA. */
  rgba: Uint8Array;
}

export interface ImageFolder {
  dir: string;
  images: DecodedImage[];
  /** One class index per image; null for loose (unlabelled) images. */
  labels: Uint8Array | null;
  /** Class names in index order of first appearance in the sorted list. */
  classes: string[];
}

const isPng = (name: string) => /\.png$/i.test(name);
const visible = (name: string) => !name.startsWith('.');

function decode(dir: string, file: string): DecodedImage {
  const rel = relative(dir, file) || file;
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(file));
  } catch (e) {
    throw new CliError(`${rel}: cannot decode PNG (${(e as Error).message})`);
  }
  if (!png.width || !png.height) throw new CliError(`${rel}: cannot decode PNG (empty image)`);
  return { path: rel, width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

/** Class name → index: integers 0..255 stand for themselves, other names for their sorted position. */
export function classIndex(names: readonly string[]): Map<string, number> {
  const numeric = names.length > 0 && names.every((n) => /^\d{1,3}$/.test(n) && Number(n) <= 255);
  const sorted = [...names].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  if (!numeric && sorted.length > 256) throw new CliError(`too many classes (${sorted.length}); at most 256 sub-folders`);
  return new Map(sorted.map((n, i) => [n, numeric ? Number(n) : i]));
}

/** Reads and decodes the folder (see module comment); throws a one-line CliError. */
export function readImageFolder(folder: string): ImageFolder {
  const dir = resolve(folder);
  const entries = readdirSync(dir).filter(visible).sort();
  const subdirs = entries.filter((e) => statSync(join(dir, e)).isDirectory());
  const files = entries.filter((e) => !subdirs.includes(e));
  for (const f of files) if (!isPng(f)) throw new CliError(`${join(dir, f)}: not a PNG file (--data <folder> reads .png images)`);
  if (files.length > 0 && subdirs.length > 0) {
    throw new CliError(`${dir}: holds both loose images (${files[0]}) and class sub-folders (${subdirs[0]}); use one layout`);
  }
  if (subdirs.length === 0) {
    if (files.length === 0) throw new CliError(`data folder ${dir} has no PNG images`);
    return { dir, images: files.map((f) => decode(dir, join(dir, f))), labels: null, classes: [] };
  }
  const index = classIndex(subdirs);
  const perClass = subdirs.map((s) => {
    const inner = readdirSync(join(dir, s)).filter(visible).sort();
    for (const f of inner) {
      const p = join(dir, s, f);
      if (statSync(p).isDirectory()) throw new CliError(`${p}: a folder inside class folder '${s}' (one level of class folders only)`);
      if (!isPng(f)) throw new CliError(`${p}: not a PNG file (--data <folder> reads .png images)`);
    }
    return inner.map((f) => join(dir, s, f));
  });
  const total = perClass.reduce((a, l) => a + l.length, 0);
  if (total === 0) throw new CliError(`data folder ${dir} has no PNG images (its ${subdirs.length} class folders are empty)`);
  const images: DecodedImage[] = [];
  const labels = new Uint8Array(total);
  for (let round = 0; images.length < total; round++) {
    perClass.forEach((list, k) => {
      if (round < list.length) {
        labels[images.length] = index.get(subdirs[k])!;
        images.push(decode(dir, list[round]));
      }
    });
  }
  return { dir, images, labels, classes: [...index.keys()] };
}

/** One image as h·w·c floats 0..1 (bilinear resize, luma or RGB, see module comment). */
export function fitImage(img: DecodedImage, h: number, w: number, c: 1 | 3): Float32Array {
  const out = new Float32Array(h * w * c);
  const { width: W, height: H, rgba } = img;
  const sy = H / h;
  const sx = W / w;
  const px = (x: number, y: number, k: number) => rgba[4 * (y * W + x) + k];
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), H - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, H - 1);
    const dy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), W - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, W - 1);
      const dx = fx - x0;
      const rgb = [0, 1, 2].map((k) => ((px(x0, y0, k) * (1 - dx) + px(x1, y0, k) * dx) * (1 - dy)
        + (px(x0, y1, k) * (1 - dx) + px(x1, y1, k) * dx) * dy) / 255);
      const o = (y * w + x) * c;
      if (c === 1) out[o] = Math.min(1, 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
      else out.set(rgb, o);
    }
  }
  if (c === 1) {
    let border = 0;
    for (let x = 0; x < w; x++) border += out[x] + out[(h - 1) * w + x];
    if (border / (2 * w) > 0.5) for (let i = 0; i < out.length; i++) out[i] = 1 - out[i];
  }
  return out;
}

/** The model's [H, W, C] from its input shape [batch, H, W, C], or a CliError when PNGs cannot feed it. */
export function imageInputShape(inputShape: readonly (number | null)[]): [number, number, 1 | 3] {
  const dims = inputShape.slice(1);
  const shown = `[${inputShape.map((d) => d ?? 'batch').join(',')}]`;
  if (dims.length !== 3 || dims.some((d) => d === null || d <= 0)) {
    throw new CliError(`--data <folder>: the model input ${shown} is not an image [batch,H,W,C] of known size`);
  }
  const [h, w, c] = dims as number[];
  if (c !== 1 && c !== 3) throw new CliError(`--data <folder>: the model input ${shown} has ${c} channels; PNG folders feed 1 (gray) or 3 (RGB)`);
  return [h, w, c];
}

/** All images of the folder fitted to the model input, back to back. */
export function fitImages(folder: ImageFolder, inputShape: readonly (number | null)[]): { images: Float32Array; shape: number[] } {
  const [h, w, c] = imageInputShape(inputShape);
  const per = h * w * c;
  const images = new Float32Array(folder.images.length * per);
  folder.images.forEach((img, i) => images.set(fitImage(img, h, w, c), i * per));
  return { images, shape: [h, w, c] };
}
