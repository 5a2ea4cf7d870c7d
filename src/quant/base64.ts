/**
 * Base64 (RFC 4648, with padding) for byte arrays, in plain TypeScript so that the config
 * codec runs the same in the page, the worker and Node (no Buffer, no btoa on binary strings;
 * TextDecoder is a global in all three).
 * Example: encodeBase64(Uint8Array.of(1, 2, 3)) = "AQID"; decodeBase64("AQID") = [1, 2, 3].
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (ch) => ch.charCodeAt(0));
const PAD = 61; // '='
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  // ASCII codes into a byte array, then one decode: no per-character string building.
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const n = bytes.length;
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i];
    const b = i + 1 < n ? bytes[i + 1] : 0;
    const c = i + 2 < n ? bytes[i + 2] : 0;
    out[o++] = CODES[a >> 2];
    out[o++] = CODES[((a & 3) << 4) | (b >> 4)];
    out[o++] = i + 1 < n ? CODES[((b & 15) << 2) | (c >> 6)] : PAD;
    out[o++] = i + 2 < n ? CODES[c & 63] : PAD;
  }
  return new TextDecoder().decode(out);
}

/** Inverse of encodeBase64; throws on any character outside the alphabet or a bad length. */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`base64 text of length ${text.length} (not a multiple of 4)`);
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const ch = text.charCodeAt(i + j);
      const d = ch < 128 ? INDEX[ch] : -1;
      if (d < 0 && !(ch === 61 && i + 4 === text.length && j >= 4 - pad)) throw new Error(`not base64 at character ${i + j}`);
      v = (v << 6) | (d < 0 ? 0 : d);
    }
    if (o < out.length) out[o++] = (v >> 16) & 255;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}
