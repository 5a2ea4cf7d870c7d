/**
 * Examples at the model seam: how many values one example has, and the move from the
 * decoded images' HWC order (what the image decoders and the demo digits produce) to the
 * model input's own order (NCHW for most ONNX models). Pure; no runtime.
 */
import type { InputSpec } from './types';

/** The input of a channels-last (tfjs) model: layout from the rank (4 → NHWC, 2 → NC). */
export function channelsLastInput(name: string, shape: (number | null)[]): InputSpec {
  return { name, shape, layout: shape.length === 4 ? 'NHWC' : shape.length === 2 ? 'NC' : 'other' };
}

/** Shape of one example as the model wants it, or a one-line reason why data cannot fit. */
export function exampleShape(input: InputSpec, valuesPerExample: number): number[] | string {
  const dims = input.shape.slice(1);
  if (dims.some((d) => d === null)) return `model input '${input.name}' [${input.shape.map((d) => d ?? '?').join(',')}] has unknown dimensions`;
  const need = (dims as number[]).reduce((a, b) => a * b, 1);
  if (need !== valuesPerExample) {
    return `data has ${valuesPerExample} values per example, the model input [${input.shape.map((d) => d ?? 'batch').join(',')}] needs ${need}`;
  }
  return dims as number[];
}

/**
 * The [h, w, c] an image must be decoded to for this input (null when the input is not a
 * fully known image input). NHWC [n, h, w, c]; NCHW [n, c, h, w].
 */
export function imageSizeFor(input: InputSpec): [number, number, number] | null {
  const d = input.shape.slice(1);
  if (d.length !== 3 || d.some((x) => x === null || x <= 0)) return null;
  const [a, b, c] = d as number[];
  if (input.layout === 'NCHW') return [b, c, a];
  if (input.layout === 'NHWC') return [a, b, c];
  return null;
}

/**
 * `count` HWC images ([h, w, c] each, back to back) in the input's own order: unchanged for
 * NHWC, transposed per image to CHW for NCHW.
 * Example: one 1×2 RGB image [r0 g0 b0 r1 g1 b1] → NCHW [r0 r1 g0 g1 b0 b1].
 */
export function toInputLayout(images: Float32Array, count: number, hwc: readonly [number, number, number], input: InputSpec): Float32Array {
  if (input.layout !== 'NCHW') return images;
  const [h, w, c] = hwc;
  const per = h * w * c;
  if (images.length !== per * count) throw new Error(`${images.length} values are not ${count} images of ${h}×${w}×${c}`);
  const out = new Float32Array(images.length);
  for (let n = 0; n < count; n++) {
    const base = n * per;
    for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[base + k * h * w + p] = images[base + p * c + k];
  }
  return out;
}

/**
 * An input shape as a person types it — the CLI's `--input-shape` and the page's *Input
 * shape* field: "1,3,224,224" (commas, spaces, x or × between the dims). A one-line reason
 * for anything that is not a list of positive integers.
 * Examples: parseInputShape('1, 3x224×224') = [1, 3, 224, 224]; parseInputShape('1,-3') is a reason.
 */
export function parseInputShape(text: string): number[] | string {
  const dims = text.split(/[,x×\s]+/).filter(Boolean).map(Number);
  if (dims.length === 0 || dims.some((d) => !Number.isSafeInteger(d) || d <= 0 || d > 1 << 20)) {
    return `input shape '${text}' is not a list of positive integers like 1,3,224,224`;
  }
  return dims;
}
