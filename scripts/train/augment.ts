/**
 * Light, seeded data augmentation for 28×28 digits: a random whole-pixel shift
 * (±maxShift px, exact copy) and, for a fraction `rotateFraction` of the images, a small
 * rotation (±maxDegrees) and zoom (±maxScale), bilinear. Whole-pixel shifts keep strokes as sharp as the test
 * images; interpolating every image (sub-pixel shifts) blurs the training distribution.
 * Pure TypeScript on Float32Array, so it is deterministic and cheap (8,000 images ≈ 0.1 s).
 */


/** Fisher–Yates permutation of 0..n-1. */
export function shuffledIndices(n: number, rand: () => number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

interface AugmentOptions {
  maxShift: number;
  maxDegrees: number;
  /** Relative zoom range for the resampled images: scale ∈ [1 − maxScale, 1 + maxScale]. */
  maxScale: number;
  rotateFraction: number;
}

/**
 * Writes a transformed copy of image `src` (size×size) into `dst`. Output pixel (x, y)
 * samples the source at R(−θ)·(x − c − dx, y − c − dy)/scale + c, c = (size − 1)/2.
 */
export function transformImage(
  src: Float32Array, srcOff: number, dst: Float32Array, dstOff: number, size: number,
  degrees: number, dx: number, dy: number, scale = 1,
): void {
  const c = (size - 1) / 2;
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t) / scale;
  const sin = Math.sin(t) / scale;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x - c - dx;
      const v = y - c - dy;
      const sx = cos * u + sin * v + c;
      const sy = -sin * u + cos * v + c;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      let value = 0;
      for (let oy = 0; oy <= 1; oy++) {
        const yy = y0 + oy;
        if (yy < 0 || yy >= size) continue;
        const wy = oy ? fy : 1 - fy;
        for (let ox = 0; ox <= 1; ox++) {
          const xx = x0 + ox;
          if (xx < 0 || xx >= size) continue;
          value += wy * (ox ? fx : 1 - fx) * src[srcOff + yy * size + xx];
        }
      }
      dst[dstOff + y * size + x] = value;
    }
  }
}

/** Augmented copy of `images` (N·size²) in the order given by `order`. */
export function augmentBatch(
  images: Float32Array, order: ArrayLike<number>, size: number, opts: AugmentOptions, rand: () => number,
): Float32Array {
  const px = size * size;
  const out = new Float32Array(order.length * px);
  for (let i = 0; i < order.length; i++) {
    const dx = Math.floor(rand() * (2 * opts.maxShift + 1)) - opts.maxShift;
    const dy = Math.floor(rand() * (2 * opts.maxShift + 1)) - opts.maxShift;
    const resample = rand() < opts.rotateFraction;
    const deg = resample ? (rand() * 2 - 1) * opts.maxDegrees : 0;
    const scale = resample ? 1 + (rand() * 2 - 1) * opts.maxScale : 1;
    transformImage(images, order[i] * px, out, i * px, size, deg, dx, dy, scale);
  }
  return out;
}
