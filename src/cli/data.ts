/**
 * Calibration data for the CLI. `demo` = the bundled MNIST digits (public/data/mnist.bin,
 * built on first use from the installed `mnist` package, ./demoDigits.ts), a class-balanced pick
 * from the train split. `<folder>` = PNG images, in class sub-folders (labelled) or loose
 * (unlabelled), decoded at once (so a broken file fails before tfjs loads) and fitted to the
 * model input once it is loaded (imageFolder.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { IMAGE_SIZE, parseMnistBinary, takeBalanced, type MnistDataset } from '../data/mnistBinary';
import type { AnalyzeData } from '../model/analyze';
import { buildDemoDigits, demoDataPath } from './demoDigits';
import { CliError } from './errors';
import { fitImages, readImageFolder, type ImageFolder } from './imageFolder';

/** Calibration / evaluation images for one model: floats 0..1, labels null when unlabelled. */
export type CliData = AnalyzeData & { labels: Uint8Array | null };

/** What --data names, opened: the demo digits (already 28×28×1) or a decoded PNG folder. */
type DataSource = { kind: 'demo'; data: CliData; digits: MnistDataset } | { kind: 'folder'; folder: ImageFolder };

function ensureDemoData(root: string, log: (s: string) => void): string {
  const path = demoDataPath(root);
  if (existsSync(path)) return path;
  log('demo data missing: building it from the mnist package');
  try {
    log(buildDemoDigits(root, path));
  } catch (e) {
    throw new CliError(`could not build the demo data (${path}): ${(e as Error).message}`);
  }
  return path;
}

/** The demo digits file, built first when missing. */
function readDemoDigits(root: string, log: (s: string) => void): MnistDataset {
  const path = ensureDemoData(root, log);
  const bytes = readFileSync(path);
  try {
    return parseMnistBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message} (delete it to regenerate)`);
  }
}

/** Opens --data: 'demo' (the digits; `count` balanced train digits calibrate) or a PNG folder (all its images, decoded). */
export function openData(spec: string, root: string, count: number, log: (s: string) => void): DataSource {
  if (spec === 'demo') {
    const digits = readDemoDigits(root, log);
    const picked = takeBalanced(digits, count, 'train');
    const data = { images: picked.images, labels: picked.labels, count: picked.count, shape: [IMAGE_SIZE, IMAGE_SIZE, 1], source: 'demo:mnist' };
    return { kind: 'demo', data, digits };
  }
  const p = resolve(spec);
  if (!existsSync(p)) throw new CliError(`data folder not found: ${p} (use --data demo for the bundled digits)`);
  if (!statSync(p).isDirectory()) throw new CliError(`--data expects 'demo' or a folder, got a file: ${p}`);
  return { kind: 'folder', folder: readImageFolder(p) };
}

/** The opened data as the model takes it (a folder's images fitted to its [H, W, C] input). */
export function dataForModel(src: DataSource, inputShape: readonly (number | null)[]): CliData {
  if (src.kind === 'demo') return src.data;
  const { images, shape } = fitImages(src.folder, inputShape);
  const n = src.folder.images.length;
  return { images, labels: src.folder.labels, count: n, shape, source: `folder:${basename(src.folder.dir)}` };
}

/** One line describing the opened data. */
export function describeData(src: DataSource): string {
  if (src.kind === 'demo') return `${src.data.count} demo digits`;
  const f = src.folder;
  return `${f.images.length} PNG images from ${f.dir}${f.labels ? ` in ${f.classes.length} classes (${f.classes.slice(0, 12).join(', ')}${f.classes.length > 12 ? ', …' : ''})` : ', unlabelled'}`;
}
