import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/quant/random';
import { augmentBatch, shuffledIndices, transformImage } from './augment';

const SIZE = 5;
/** A 5×5 image with one bright pixel at (x, y). */
function dot(x: number, y: number): Float32Array {
  const img = new Float32Array(SIZE * SIZE);
  img[y * SIZE + x] = 1;
  return img;
}

describe('mulberry32 / shuffledIndices', () => {
  it('is deterministic for a seed and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 100; i++) {
      const v = a();
      expect(v).toBe(b());
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('returns a permutation', () => {
    const p = shuffledIndices(50, mulberry32(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('transformImage', () => {
  it('is the identity without rotation, shift or zoom', () => {
    const src = Float32Array.from({ length: SIZE * SIZE }, (_, i) => i / 25);
    const dst = new Float32Array(SIZE * SIZE);
    transformImage(src, 0, dst, 0, SIZE, 0, 0, 0);
    expect([...dst].map((v) => +v.toFixed(6))).toEqual([...src].map((v) => +v.toFixed(6)));
  });

  it('shifts by whole pixels exactly, dropping what leaves the frame', () => {
    const dst = new Float32Array(SIZE * SIZE);
    transformImage(dot(1, 3), 0, dst, 0, SIZE, 0, 2, -1);
    expect([...dst]).toEqual([...dot(3, 2)]);
    transformImage(dot(4, 0), 0, dst, 0, SIZE, 0, 1, 0);
    expect(dst.every((v) => v === 0)).toBe(true);
  });

  it('rotates 90° about the centre', () => {
    const dst = new Float32Array(SIZE * SIZE);
    transformImage(dot(4, 2), 0, dst, 0, SIZE, 90, 0, 0);
    // (x, y) = (4, 2) is right of centre; +90° in image coordinates (y down) moves it below.
    expect(dst[4 * SIZE + 2]).toBeCloseTo(1, 5);
  });
});

describe('augmentBatch', () => {
  it('is reproducible and keeps the ink (whole-pixel shifts only)', () => {
    const images = new Float32Array(2 * 28 * 28);
    images.fill(0);
    for (let y = 10; y < 18; y++) for (let x = 10; x < 18; x++) images[y * 28 + x] = 1;
    const opts = { maxShift: 2, maxDegrees: 10, maxScale: 0.1, rotateFraction: 0 };
    const a = augmentBatch(images, [0, 0, 1], 28, opts, mulberry32(3));
    const b = augmentBatch(images, [0, 0, 1], 28, opts, mulberry32(3));
    expect(a).toEqual(b);
    const ink = (k: number) => a.subarray(k * 784, (k + 1) * 784).reduce((s, v) => s + v, 0);
    expect(ink(0)).toBe(64);
    expect(ink(1)).toBe(64);
    expect(ink(2)).toBe(0);
  });
});
