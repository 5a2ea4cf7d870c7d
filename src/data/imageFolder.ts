/**
 * A folder of images as a data set: which files are images, which class each belongs to,
 * in which order they come, and how a decoded image becomes the model's input. The page's
 * worker (dropped folders, decoded with createImageBitmap) and the CLI (`--data <folder>`,
 * decoded with pngjs) both follow these rules, so the same folder gets the same labels and
 * the same pixels in both; only the decoding of a file into RGBA bytes differs. Pure: no
 * DOM, no Node.
 *
 * Layout (paths relative to what was dropped or named; folders every path shares are
 * stripped first, so dropping `digits/` or naming `--data digits` are the same):
 *   - class sub-folders (`0/a.png`, `cat/b.png`): labelled; at least two classes (a single
 *     class folder is stripped like any shared folder and its images are loose).
 *   - loose images (`a.png`): unlabelled, so only fidelity (agreement, output SQNR) can be
 *     measured.
 *   - both at once, or a folder inside a class folder: an error naming one of each.
 * Hidden files and folders (a name starting with '.', e.g. .DS_Store) are skipped; any
 * other file the decoder cannot read is an error naming it.
 *
 * Class indices: names that are all integers 0..255 are their own index (`0`..`9` are the
 * digits 0..9), other names get their position in code-unit order (the same on every
 * machine and locale). At most 256 classes (labels are bytes).
 * Order: paths sorted by code unit; class folders interleaved round robin in folder order
 * (first image of each class, then the second of each, …), so any prefix — the first 64
 * that calibrate, the first N evaluated — is balanced.
 *
 * Example: `cat/1.png, cat/2.png, dog/1.png` → classes [cat, dog], order cat/1, dog/1,
 * cat/2, labels [0, 1, 0].
 */

/** One decoded image: RGBA bytes, row-major, as a platform decoder returns it. */
export interface DecodedImage {
  /** Path relative to the data folder (for messages). */
  path: string;
  width: number;
  height: number;
  /** width · height · 4 bytes, RGBA. */
  rgba: Uint8Array | Uint8ClampedArray;
}

/** A folder that cannot be data; the message is one line naming the file or folder. */
export class ImageFolderError extends Error {}

interface ImageFolderPlan {
  /** Indices into the given paths, in data order (see module comment); hidden files left out. */
  order: number[];
  /** One class index per entry of `order`; null for loose (unlabelled) images. */
  labels: Uint8Array | null;
  /** Class names in index order. */
  classes: string[];
}

interface PlanOptions {
  /** Whether the platform's decoder reads this file (by name). */
  isImage: (path: string) => boolean;
  /** The image kinds the decoder reads, for messages ('PNG', 'png, jpg, gif, webp or bmp'). */
  kinds: string;
  /** Prefix for paths in messages (the folder named on the command line). */
  root?: string;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const hidden = (segments: string[]) => segments.some((s) => s.startsWith('.'));

/** Class name → index: integers 0..255 stand for themselves, other names for their sorted position. */
export function classIndex(names: readonly string[]): Map<string, number> {
  const numeric = names.length > 0 && names.every((n) => /^\d{1,3}$/.test(n) && Number(n) <= 255);
  const sorted = [...names].sort(numeric ? (a, b) => Number(a) - Number(b) : byCodeUnit);
  if (!numeric && sorted.length > 256) throw new ImageFolderError(`too many classes (${sorted.length}); at most 256 class folders`);
  return new Map(sorted.map((n, i) => [n, numeric ? Number(n) : i]));
}

/** Labels and order for the files at `paths` (relative, '/'-separated); see module comment. */
export function planImageFolder(paths: readonly string[], opts: PlanOptions): ImageFolderPlan {
  const shown = (...segments: string[]) => [opts.root, ...segments].filter(Boolean).join('/');
  const files = paths.map((p, index) => ({ index, segs: p.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.') }))
    .filter((f) => f.segs.length > 0 && !hidden(f.segs))
    .sort((a, b) => byCodeUnit(a.segs.join('/'), b.segs.join('/')));
  for (const { segs } of files) {
    if (!opts.isImage(segs[segs.length - 1])) throw new ImageFolderError(`${shown(...segs)}: not an image this reader decodes (${opts.kinds})`);
  }
  if (files.length === 0) throw new ImageFolderError(`${opts.root ? `data folder ${opts.root} has` : 'found'} no images (${opts.kinds})`);
  let skip = 0;
  while (files.every((f) => f.segs.length > skip + 1 && f.segs[skip] === files[0].segs[skip])) skip++;
  const prefix = files[0].segs.slice(0, skip);
  const rel = files.map((f) => f.segs.slice(skip));
  const loose = rel.filter((r) => r.length === 1);
  if (loose.length === rel.length) return { order: files.map((f) => f.index), labels: null, classes: [] };
  if (loose.length > 0) {
    const inFolder = rel.find((r) => r.length > 1)!;
    throw new ImageFolderError(`${shown(...prefix) || 'the dropped files'}: holds both loose images (${loose[0][0]}) and class sub-folders (${inFolder[0]}); use one layout`);
  }
  const nested = rel.find((r) => r.length > 2);
  if (nested) throw new ImageFolderError(`${shown(...prefix, ...nested.slice(0, 2))}: a folder inside class folder '${nested[0]}' (one level of class folders only)`);
  const folders = [...new Set(rel.map((r) => r[0]))].sort(byCodeUnit);
  const index = classIndex(folders);
  const perClass = folders.map((c) => files.filter((_, k) => rel[k][0] === c).map((f) => f.index));
  const order: number[] = [];
  const labels = new Uint8Array(files.length);
  for (let round = 0; order.length < files.length; round++) {
    perClass.forEach((list, k) => {
      if (round < list.length) {
        labels[order.length] = index.get(folders[k])!;
        order.push(list[round]);
      }
    });
  }
  return { order, labels, classes: [...index.keys()] };
}

/**
 * The [h, w, c] images must be fitted to for a model input [batch, h, w, c], or a one-line
 * reason why image files cannot feed it (unknown sizes, channels other than 1 or 3).
 */
export function imageInputSize(inputShape: readonly (number | null)[]): [number, number, 1 | 3] | string {
  const dims = inputShape.slice(1);
  const shown = `[${inputShape.map((d, i) => d ?? (i === 0 ? 'batch' : '?')).join(',')}]`;
  if (dims.length !== 3 || dims.some((d) => d === null || d <= 0)) return `the model input ${shown} is not an image [batch,H,W,C] of known size`;
  const [h, w, c] = dims as number[];
  if (c !== 1 && c !== 3) return `the model input ${shown} has ${c} channels; images feed 1 (gray) or 3 (RGB)`;
  return [h, w, c];
}

/**
 * One image as h·w·c floats 0..1: bilinear resize (half-pixel centres) to h×w; c = 1 →
 * luma 0.299 R + 0.587 G + 0.114 B, c = 3 → RGB; alpha ignored. Dark-on-light grayscale
 * images (mean border > 0.5) are inverted to the demo digits' light-on-dark.
 * Example: a 2×2 gray image [0, 255; 255, 0] fitted to 1×1 gives 0.5 (the centre sample).
 */
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
