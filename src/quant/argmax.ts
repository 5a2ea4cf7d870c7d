/**
 * The predicted class: the index of the largest score. Used for a model's predictions
 * (evaluation, tests that run exported models) and for EBS's most probable bit-width.
 * Ties go to the first index; a NaN never wins (all NaN → 0).
 */

/**
 * Index, relative to `offset`, of the largest of the `count` values from `offset`.
 * Examples: argmax([1, 3, 3]) = 1; argmax([5, 1, 9, 2], 1, 2) = 1 (9 is the larger of [1, 9]).
 */
export function argmax(v: ArrayLike<number>, offset = 0, count = v.length - offset): number {
  let best = 0;
  let top = -Infinity;
  for (let c = 0; c < count; c++) {
    const x = v[offset + c];
    if (x > top) {
      top = x;
      best = c;
    }
  }
  return best;
}

/**
 * argmax of each row of a row-major [rows, classes] block, written to `out` from `outOffset`.
 * Example: argmaxRows([0, 2, 7, 1], 2, 2) = Int32Array [1, 0].
 */
export function argmaxRows(values: ArrayLike<number>, rows: number, classes: number,
  out: Int32Array = new Int32Array(rows), outOffset = 0): Int32Array {
  for (let r = 0; r < rows; r++) out[outOffset + r] = argmax(values, r * classes, classes);
  return out;
}
