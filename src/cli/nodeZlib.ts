/** Node's native zlib as the config codec (src/quant/config/zlibCodec.ts). */
import { deflateSync, inflateSync } from 'node:zlib';
import type { ZlibCodec } from '../quant/config/zlibCodec';

export const nodeZlib: ZlibCodec = {
  deflate: (data) => deflateSync(data),
  // maxOutputLength: a stream that inflates past the capacity throws (ERR_BUFFER_TOO_LARGE).
  inflate: (data, capacity) => inflateSync(data, { maxOutputLength: Math.max(1, capacity) }),
};
