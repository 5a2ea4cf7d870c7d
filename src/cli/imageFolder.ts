/**
 * `--data <folder>` for the CLI: the folder's PNG images decoded with pngjs (pure JS), then
 * labelled, ordered and fitted to the model input by the rules the page's worker follows
 * too (src/data/imageFolder.ts). Only the decoding is Node's own here.
 *
 * The images are decoded at once (so a broken file fails before tfjs loads) and fitted once
 * the model's input size is known (`fitImages`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { fitImage, imageInputSize, ImageFolderError, planImageFolder, type DecodedImage } from '../data/imageFolder';
import { CliError } from './errors';

export interface ImageFolder {
  dir: string;
  /** Decoded images in data order. */
  images: DecodedImage[];
  /** One class index per image; null for loose (unlabelled) images. */
  labels: Uint8Array | null;
  /** Class names in index order. */
  classes: string[];
}

/** Files under dir, relative and '/'-separated; hidden entries are not entered. */
function listFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under)).filter((e) => !e.startsWith('.')).flatMap((e) => {
    const rel = under ? `${under}/${e}` : e;
    return statSync(join(dir, rel)).isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

function decodePng(dir: string, rel: string): DecodedImage {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(join(dir, rel)));
  } catch (e) {
    throw new CliError(`${rel}: cannot decode PNG (${(e as Error).message})`);
  }
  if (!png.width || !png.height) throw new CliError(`${rel}: cannot decode PNG (empty image)`);
  return { path: rel, width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

/** Reads, labels and decodes the folder; throws a one-line CliError. */
export function readImageFolder(folder: string): ImageFolder {
  const dir = resolve(folder);
  const files = listFiles(dir);
  let plan;
  try {
    plan = planImageFolder(files, { isImage: (name) => /\.png$/i.test(name), kinds: 'PNG', root: dir });
  } catch (e) {
    if (e instanceof ImageFolderError) throw new CliError(e.message);
    throw e;
  }
  return { dir, images: plan.order.map((i) => decodePng(dir, files[i])), labels: plan.labels, classes: plan.classes };
}

/** All images of the folder fitted to the model input, back to back. */
export function fitImages(folder: ImageFolder, inputShape: readonly (number | null)[]): { images: Float32Array; shape: number[] } {
  const size = imageInputSize(inputShape);
  if (typeof size === 'string') throw new CliError(`--data <folder>: ${size}`);
  const [h, w, c] = size;
  const per = h * w * c;
  const images = new Float32Array(folder.images.length * per);
  folder.images.forEach((img, i) => images.set(fitImage(img, h, w, c), i * per));
  return { images, shape: [h, w, c] };
}
