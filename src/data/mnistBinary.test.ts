import { describe, expect, it } from 'vitest';
import {
  encodeMnistBinary,
  parseMnistBinary,
  PIXELS_PER_IMAGE,
  samplesFromDigits,
  selectSplit,
  splitIndices,
  takeBalanced,
} from './mnistBinary';

interface Sample {
  label: number;
  split: number;
  fill: number;
}

/** A tiny file in the real layout (the writer), each image filled with one byte; magic and version patched for the error cases. */
function build(samples: Sample[], imageSize = 2, magic = 'QSMN', version = 1): ArrayBuffer {
  const bytes = encodeMnistBinary(samples.map((s) => ({ ...s, pixels: new Uint8Array(imageSize * imageSize).fill(s.fill) })), imageSize);
  for (let i = 0; i < 4; i++) bytes[i] = magic.charCodeAt(i);
  new DataView(bytes.buffer).setUint32(4, version, true);
  return bytes.buffer;
}

const sample = (label: number, split: number, fill = label * 20): Sample => ({ label, split, fill });

describe('parseMnistBinary', () => {
  it('reads header and arrays', () => {
    const ds = parseMnistBinary(build([sample(3, 0, 255), sample(7, 1, 0)]));
    expect(ds.count).toBe(2);
    expect(ds.imageSize).toBe(2);
    expect([...ds.labels]).toEqual([3, 7]);
    expect([...ds.split]).toEqual([0, 1]);
    expect([...ds.pixels]).toEqual([255, 255, 255, 255, 0, 0, 0, 0]);
  });

  it('accepts an empty data set', () => {
    expect(parseMnistBinary(build([])).count).toBe(0);
  });

  it('rejects a short buffer', () => {
    expect(() => parseMnistBinary(new ArrayBuffer(5))).toThrow(/shorter than the 16-byte header/);
  });

  it('rejects a bad magic', () => {
    expect(() => parseMnistBinary(build([sample(1, 0)], 2, 'XXXX'))).toThrow(/bad magic "XXXX"/);
  });

  it('rejects an unknown version', () => {
    expect(() => parseMnistBinary(build([sample(1, 0)], 2, 'QSMN', 9))).toThrow(/unsupported version 9/);
  });

  it('rejects a truncated or padded body', () => {
    const good = build([sample(1, 0), sample(2, 1)]);
    expect(() => parseMnistBinary(good.slice(0, good.byteLength - 1))).toThrow(/does not match header/);
    const padded = new Uint8Array(good.byteLength + 3);
    padded.set(new Uint8Array(good));
    expect(() => parseMnistBinary(padded.buffer)).toThrow(/does not match header/);
  });

  it('rejects out-of-range labels and split codes', () => {
    expect(() => parseMnistBinary(build([sample(10, 0)]))).toThrow(/label 10/);
    expect(() => parseMnistBinary(build([sample(1, 2)]))).toThrow(/split code 2/);
  });

  it('rejects a zero image size', () => {
    expect(() => parseMnistBinary(build([], 0))).toThrow(/invalid image size 0/);
  });
});

describe('selectSplit', () => {
  const ds = parseMnistBinary(build([sample(0, 0, 0), sample(1, 1, 51), sample(2, 0, 255), sample(3, 1, 102)]));

  it('keeps file order and scales pixels to 0..1', () => {
    const train = selectSplit(ds, 'train');
    expect(train.count).toBe(2);
    expect([...train.labels]).toEqual([0, 2]);
    expect(train.images).toEqual(new Float32Array([0, 0, 0, 0, 1, 1, 1, 1]));
    const test = selectSplit(ds, 'test');
    expect([...test.labels]).toEqual([1, 3]);
    expect(test.images[0]).toBeCloseTo(0.2, 6);
    expect(test.images[4]).toBeCloseTo(0.4, 6);
  });

  it('splitIndices without a split lists every sample', () => {
    expect(splitIndices(ds)).toEqual([0, 1, 2, 3]);
  });
});

describe('takeBalanced', () => {
  // 5 samples of each class 0..9 in file order (digit 0 first), alternating split.
  const samples: Sample[] = [];
  for (let c = 0; c < 10; c++) for (let k = 0; k < 5; k++) samples.push(sample(c, k % 2, c * 10 + k));
  const ds = parseMnistBinary(build(samples));

  it('takes round-robin over classes so every prefix is balanced', () => {
    const batch = takeBalanced(ds, 25);
    expect(batch.count).toBe(25);
    expect([...batch.labels.slice(0, 10)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const counts = new Array(10).fill(0);
    for (const l of batch.labels) counts[l]++;
    expect(counts).toEqual([3, 3, 3, 3, 3, 2, 2, 2, 2, 2]);
    // first of each class in file order: fill value c*10 + 0, second c*10 + 1
    expect(batch.images[0]).toBeCloseTo(0 / 255, 6);
    expect(batch.images[10 * 4]).toBeCloseTo(1 / 255, 6);
  });

  it('restricts to a split', () => {
    const batch = takeBalanced(ds, 100, 'test');
    expect(batch.count).toBe(20); // k = 1, 3 of each class
    expect(batch.images[4 * 0]).toBeCloseTo(1 / 255, 6);
  });

  it('returns the whole pool when n is larger, and handles missing classes', () => {
    const few = parseMnistBinary(build([sample(4, 0), sample(4, 0), sample(9, 0)]));
    expect([...takeBalanced(few, 10).labels]).toEqual([4, 9, 4]);
    expect(takeBalanced(few, 0).count).toBe(0);
  });

  it('rejects a bad n', () => {
    expect(() => takeBalanced(ds, -1)).toThrow(/non-negative integer/);
    expect(() => takeBalanced(ds, 1.5)).toThrow(/non-negative integer/);
  });
});

describe('encodeMnistBinary and samplesFromDigits', () => {
  it('round trip: what is written reads back sample for sample', () => {
    const samples = [0, 1, 2].map((k) => ({ label: k + 4, split: k % 2, pixels: Array.from({ length: 9 }, (_, p) => (k * 9 + p) * 7) }));
    const ds = parseMnistBinary(encodeMnistBinary(samples, 3).buffer);
    expect(ds.count).toBe(3);
    expect(ds.imageSize).toBe(3);
    expect([...ds.labels]).toEqual([4, 5, 6]);
    expect([...ds.split]).toEqual([0, 1, 0]);
    expect([...ds.pixels]).toEqual(samples.flatMap((s) => s.pixels));
  });

  it('the package digits: the last 200 of each digit are test, pixels round(v·255) clamped', () => {
    const digit = (n: number, v: number) => new Float64Array(n * PIXELS_PER_IMAGE).fill(v);
    const samples = samplesFromDigits([digit(201, 0.5), digit(3, 1.2), digit(0, 0)]);
    expect(samples).toHaveLength(204);
    expect(samples.filter((s) => s.label === 0).map((s) => s.split)).toEqual([0, ...new Array(200).fill(1)]);
    expect(samples.filter((s) => s.label === 1).map((s) => s.split)).toEqual([1, 1, 1]);
    expect(samples[0].pixels[0]).toBe(128);
    expect(samples[201].pixels[PIXELS_PER_IMAGE - 1]).toBe(255);
  });
});
