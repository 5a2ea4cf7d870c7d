/**
 * Models whose input fixes the batch dimension (a converted detector or pose model often
 * says [1,256,256,3]) refuse any other batch: tfjs throws "The shape of dict['input']
 * provided in model.execute(dict) must be [1,…], but was [3,…]". The studio evaluates and
 * captures activations in batches of many images, so every run of such a model goes
 * through `inFixedBatches`: the batch is cut into chunks of exactly the fixed size, the last
 * chunk padded with zeros, and the padding rows dropped from every output again.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The batch size a model's input shape fixes (its first dimension when a positive number), or null when any batch runs. */
export function fixedBatchOf(inputShape: readonly (number | null)[] | undefined): number | null {
  const b = inputShape?.[0];
  return typeof b === 'number' && Number.isInteger(b) && b > 0 ? b : null;
}

/** `n` rows split into chunks of `fixed`: start and real row count of each (the last may be short). */
export function chunksOf(n: number, fixed: number): { start: number; rows: number }[] {
  const out: { start: number; rows: number }[] = [];
  for (let start = 0; start < n; start += fixed) out.push({ start, rows: Math.min(fixed, n - start) });
  return out;
}

function padded(x: tf.Tensor, rows: number, fixed: number): tf.Tensor {
  if (rows === fixed) return x;
  const pad = tf.zeros([fixed - rows, ...x.shape.slice(1)], x.dtype);
  const y = tf.concat([x, pad], 0);
  pad.dispose();
  return y;
}

function joined(parts: tf.Tensor[][], rows: number[]): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  const keep = new Set<tf.Tensor>();
  for (let o = 0; o < parts[0].length; o++) {
    let result: tf.Tensor;
    if (parts[0][o].rank === 0) {
      result = parts[0][o]; // no batch dimension: the first chunk's value stands for all
    } else {
      const pieces = parts.map((p, i) => (p[o].shape[0] !== rows[i] ? tf.slice(p[o], 0, rows[i]) : p[o]));
      result = pieces.length === 1 ? pieces[0] : tf.concat(pieces, 0);
      for (const t of pieces) if (t !== result && !parts.some((p) => p[o] === t)) t.dispose();
    }
    out.push(result);
    keep.add(result);
  }
  for (const p of parts) for (const t of p) if (!keep.has(t)) t.dispose();
  return out;
}

/**
 * The one chunked run, shared by the sync and the async entry points: yields each padded
 * chunk to be run and receives its outputs, then returns them joined. An error thrown into
 * it at a yield (the run failed) disposes what it holds and is rethrown.
 */
function* chunkedRuns(x: tf.Tensor, fixed: number): Generator<tf.Tensor, tf.Tensor[], tf.Tensor[]> {
  const chunks = chunksOf(x.shape[0], fixed);
  const parts: tf.Tensor[][] = [];
  try {
    for (const c of chunks) {
      const slice = chunks.length === 1 ? x : tf.slice(x, c.start, c.rows);
      const input = padded(slice, c.rows, fixed);
      try {
        parts.push(yield input);
      } finally {
        if (input !== x) input.dispose();
        if (slice !== x && slice !== input) slice.dispose();
      }
    }
    return joined(parts, chunks.map((c) => c.rows));
  } catch (e) {
    for (const p of parts) for (const t of p) t.dispose();
    throw e;
  }
}

/**
 * Runs `run` on `x` honouring a fixed batch: with `fixed` null (or x already that size)
 * `run(x)` as is; else chunk by chunk. Outputs keep x's batch of rows, in order.
 * Example: fixed 1, x of 3 images → three runs of one image, outputs concatenated (3 rows).
 */
export function inFixedBatches(x: tf.Tensor, fixed: number | null, run: (x: tf.Tensor) => tf.Tensor[]): tf.Tensor[] {
  if (fixed === null || x.shape[0] === fixed) return run(x);
  const steps = chunkedRuns(x, fixed);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    let out: tf.Tensor[];
    try { out = run(step.value); } catch (e) { steps.throw(e); throw e; }
    step = steps.next(out);
  }
}

/** `inFixedBatches` for runners that must await (GraphModel.executeAsync). */
export async function inFixedBatchesAsync(
  x: tf.Tensor, fixed: number | null, run: (x: tf.Tensor) => Promise<tf.Tensor[]>,
): Promise<tf.Tensor[]> {
  if (fixed === null || x.shape[0] === fixed) return run(x);
  const steps = chunkedRuns(x, fixed);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    let out: tf.Tensor[];
    try { out = await run(step.value); } catch (e) { steps.throw(e); throw e; }
    step = steps.next(out);
  }
}
