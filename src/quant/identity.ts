/**
 * Identity of values, defined once: one canonical JSON (object keys sorted, so equal values
 * give equal text) and one string hash over it. Every cache key and config identity in the
 * studio uses these — the page's analysis cache, the evaluation cache, the session's Pareto
 * point ids, the dropped data's key — so two places can never disagree on "the same config".
 * The model's own identity stays the SHA-256 of its weight bytes (config.model.hash), which is
 * part of the file format, not a cache key.
 */

/**
 * JSON with object keys sorted at every level; non-finite numbers as strings.
 * Example: canonicalJson({b: 1, a: [2, {d: 3, c: 4}]}) = '{"a":[2,{"c":4,"d":3}],"b":1}'.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
    return JSON.stringify(v) ?? 'null';
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) v = Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/**
 * cyrb53: a fast 53-bit string hash (not cryptographic; collisions ~2^-26 at a million keys),
 * base 36. Example: hashString('a') is the same on every machine and run.
 */
function hashString(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The hash of a value's canonical JSON: the one cache key. */
export function hashKey(parts: unknown): string {
  return hashString(canonicalJson(parts));
}
