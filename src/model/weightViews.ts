/**
 * Float32 views of a model's plain float32 weights inside its weight bytes (manifest order),
 * by weight name: the layer list can read kernels where they lie instead of copying them
 * out of tfjs's tensors (on wasm, dataSync copies out of the wasm heap).
 *
 * A weight gets a view only when it is stored as plain float32 (no float16/uint8/uint16
 * storage) at a 4-byte aligned offset; every other weight is read from its tensor as before.
 *
 * Example: specs [a: float32 [2], b: uint8-quantized float32 [3], c: float32 [1]] over 13
 * bytes → a = bytes 0..8, c would start at byte 11 (unaligned) → views for a only.
 */
import { storedByteLength, type WeightSpec } from './manifest';

/**
 * Where the layer list finds kernels. `writable`: the bytes belong to the layer list alone
 * (tfjs has copied them into its tensors and keeps no reference), so a batch-norm fold may
 * overwrite a kernel in place instead of allocating its folded copy.
 */
export interface KernelSource {
  view(name: string, size: number): Float32Array | null;
  writable: boolean;
}

export function float32Views(specs: readonly WeightSpec[], weightData: ArrayBuffer): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of specs) {
    const len = storedByteLength(spec);
    if (spec.dtype === 'float32' && !spec.quantization && offset % 4 === 0 && offset + len <= weightData.byteLength) {
      out.set(spec.name, new Float32Array(weightData, offset, len / 4));
    }
    offset += len;
  }
  return out;
}

/** A KernelSource over float32Views; a view whose length is not `size` is not used. */
export function kernelSource(specs: readonly WeightSpec[], weightData: ArrayBuffer, writable: boolean): KernelSource {
  const views = float32Views(specs, weightData);
  return {
    writable,
    view(name, size) {
      const v = views.get(name);
      return v && v.length === size ? v : null;
    },
  };
}
