/**
 * Activation fake-quantization as tfjs ops, the tensor twin of the registry quantizers
 * (src/quant/quantizers: fixed, log2, log2-sqrt2) for data that lives on the backend.
 *
 *   fixed:  code = clamp(roundHalfAway(x / s), lo, hi),  q = code · s
 *   log:    c = roundHalfAway(m · log2(|x| / s)) ≤ 0;  q = sign(x) · s · 2^(c/m) if c > −L, else 0
 *           (m = 1 for log2, 2 for log2-sqrt2; unsigned quantizers send x < 0 to 0; levels
 *           below the float32 normal range flush to 0, as in parts/logQuant.ts)
 *
 * Arithmetic is float32 on the backend where the registry uses float64 and rounds once, so a
 * level may differ from the registry's by one float32 ulp, and a value lying within ~1e-7
 * (relative) of a decision boundary may land on the neighbouring level — both far below
 * any quantization step. (Gathering exact levels from a table was 10× slower on wasm.)
 * Example (fixed, 3-bit signed, s = 0.3): x = [0.9, −0.2, 0.5] → codes [3, −1, 2] → [0.9, −0.3, 0.6].
 */
import * as tf from '@tensorflow/tfjs-core';
import { logLevel } from '../quant/parts/logQuant';
import { FLOAT32_MIN_NORMAL } from '../quant/parts/scale';
import { fixedCodeRange } from '../quant/quantizers/fixed';
import { logLevels } from '../quant/quantizers/log2';
import type { ActivationScheme } from '../quant/types';
import type { ActivationFakeQuant } from './runtime/types';

/** What the ops need: the registry's QuantParams fields for the activation schemes. */
export type ActivationQuantParams = ActivationFakeQuant;

/** Codes per octave of a log scheme. */
function stepsPerOctave(scheme: ActivationScheme): number {
  return scheme === 'log2-sqrt2' ? 2 : 1;
}

/** round half away from zero: sign(v) · floor(|v| + ½). */
function roundHalfAway(v: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sign(v), tf.floor(tf.add(tf.abs(v), 0.5)));
}

/** The magnitude levels of a params set, as the registry computes them (tests, UI). */
export function levelTable(p: ActivationQuantParams): Float32Array {
  if (p.scheme === 'fixed') {
    const [lo, hi] = fixedCodeRange(p.bits, p.signed);
    const t = new Float32Array(hi - lo + 1);
    for (let c = lo; c <= hi; c++) t[c - lo] = Math.fround(c * p.scale);
    return t;
  }
  const m = stepsPerOctave(p.scheme);
  const levels = logLevels(p.bits, p.signed);
  const t = new Float32Array(levels);
  for (let k = 0; k < levels; k++) t[k] = logLevel(p.scale, -k, m);
  return t;
}

/** Fake-quantizes a tensor of any shape (see module comment). Does not dispose x. */
export function fakeQuantizeTensor(x: tf.Tensor, p: ActivationQuantParams): tf.Tensor {
  return tf.tidy(() => {
    if (!(p.scale > 0)) return tf.zerosLike(x);
    if (p.scheme === 'fixed') {
      const [lo, hi] = fixedCodeRange(p.bits, p.signed);
      const v = tf.mul(x, 1 / p.scale);
      // Unsigned: negatives clamp to code 0, so floor(v + ½) equals round-half-away there.
      const code = p.signed ? roundHalfAway(v) : tf.floor(tf.add(v, 0.5));
      return tf.mul(tf.clipByValue(code, lo, hi), p.scale);
    }
    const m = stepsPerOctave(p.scheme);
    const levels = logLevels(p.bits, p.signed);
    // Unsigned: relu sends x ≤ 0 to 0, whose log is −Infinity, i.e. below every code → 0.
    const a = p.signed ? tf.abs(x) : tf.relu(x);
    const v = tf.sub(tf.mul(tf.log(a), m / Math.LN2), m * Math.log2(p.scale));
    // Codes are ≤ 0 after the clamp, where round-half-away is ceil(v − ½); c ≤ 0 via −relu(−·).
    const c = tf.neg(tf.relu(tf.neg(tf.ceil(tf.sub(v, 0.5)))));
    let q = tf.mul(tf.mul(tf.exp(tf.mul(c, Math.LN2 / m)), p.scale), tf.cast(tf.greater(c, -levels), 'float32'));
    if (logLevel(p.scale, -(levels - 1), m) < FLOAT32_MIN_NORMAL) {
      q = tf.mul(q, tf.cast(tf.greaterEqual(q, FLOAT32_MIN_NORMAL), 'float32'));
    }
    return p.signed ? tf.mul(q, tf.sign(x)) : q;
  });
}

/**
 * Straight-through fake quantization: forward = {@link fakeQuantizeTensor}, backward =
 * identity (∂q/∂x := 1), the rounding gradient of EBS and every quantization-aware search.
 */
export function fakeQuantizeSte(x: tf.Tensor, p: ActivationQuantParams): tf.Tensor {
  const f = tf.customGrad(((input: tf.Tensor) => ({
    value: fakeQuantizeTensor(input, p),
    gradFunc: (dy: tf.Tensor) => dy,
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x);
}
