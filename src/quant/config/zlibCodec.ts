/**
 * The zlib (RFC 1950) codec of the packed per-filter sweep tables (sweepCodec.ts): fflate by
 * default, in the page and in Node alike. The CLI plugs in Node's native zlib instead
 * (src/cli/nodeZlib.ts): the same format, and in a fresh process its deflate of ResNet-18's
 * tables took ≈ 5 ms against ≈ 100 ms for fflate, whose code runs unoptimised on its one call.
 * Either codec reads what the other wrote (src/cli/nodeZlib.test.ts).
 */
import { unzlibSync, zlibSync } from 'fflate';

export interface ZlibCodec {
  deflate(data: Uint8Array): Uint8Array;
  /**
   * Inflates into at most `capacity` bytes (a stream that would grow past it fails or stops
   * there: no decompression bomb); returns the bytes inflated.
   */
  inflate(data: Uint8Array, capacity: number): Uint8Array;
}

export const fflateZlib: ZlibCodec = {
  deflate: (data) => zlibSync(data),
  inflate: (data, capacity) => unzlibSync(data, { out: new Uint8Array(capacity) }),
};

let codec: ZlibCodec = fflateZlib;

/** The codec in use. */
export const zlibCodec = (): ZlibCodec => codec;

/** Plugs in another codec (the CLI: Node's zlib); returns the one it replaces. */
export function useZlibCodec(next: ZlibCodec): ZlibCodec {
  const before = codec;
  codec = next;
  return before;
}
