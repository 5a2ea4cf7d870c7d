/**
 * The model's identity in a config (`model.hash`): hex SHA-256 of its weight bytes as stored,
 * with WebCrypto (page, worker and Node alike). The tfjs and the ONNX loaders both call it.
 */

/** Hex SHA-256 of `parts` taken as one byte string. Example: sha256Hex([]) = 'e3b0c442…b855'. */
export async function sha256Hex(parts: Uint8Array | readonly Uint8Array[]): Promise<string> {
  let all: Uint8Array;
  if (parts instanceof Uint8Array) all = parts;
  else if (parts.length === 1) all = parts[0];
  else {
    all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', all as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
