/**
 * Calibration data for the CLI. `demo` = the bundled MNIST digits (public/data/mnist.bin,
 * built on first use by convertMnist of scripts/convert-mnist.ts), a class-balanced pick
 * from the train split. A folder of class sub-folders of images is not supported in the CLI yet.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertMnist } from '../../scripts/convert-mnist';
import { IMAGE_SIZE, parseMnistBinary, takeBalanced } from '../data/mnistBinary';
import type { AnalyzeData } from '../model/analyze';
import { CliError } from './errors';

export function demoDataPath(root: string): string {
  return join(root, 'public/data/mnist.bin');
}

function ensureDemoData(root: string, log: (s: string) => void): string {
  const path = demoDataPath(root);
  if (existsSync(path)) return path;
  log('demo data missing: building it with scripts/convert-mnist.ts');
  try {
    log(convertMnist(path));
  } catch (e) {
    throw new CliError(`could not build the demo data (${path}): ${(e as Error).message}`);
  }
  return path;
}

export function loadDemoData(root: string, count: number, log: (s: string) => void): AnalyzeData & { labels: Uint8Array } {
  const path = ensureDemoData(root, log);
  const bytes = readFileSync(path);
  let ds;
  try {
    ds = parseMnistBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message} (delete it to regenerate)`);
  }
  const picked = takeBalanced(ds, count, 'train');
  return { images: picked.images, labels: picked.labels, count: picked.count, shape: [IMAGE_SIZE, IMAGE_SIZE, 1], source: 'demo:mnist' };
}

export function loadData(spec: string, root: string, count: number, log: (s: string) => void) {
  if (spec === 'demo') return loadDemoData(root, count, log);
  const p = resolve(spec);
  if (!existsSync(p)) throw new CliError(`data folder not found: ${p} (use --data demo for the bundled digits)`);
  if (!statSync(p).isDirectory()) throw new CliError(`--data expects 'demo' or a folder, got a file: ${p}`);
  throw new CliError('--data <folder> (class sub-folders of images) is not supported in the CLI yet; use --data demo or the web page');
}
