/**
 * JSON parsing for files a user dropped: never trusts the content to be well-behaved.
 *
 * `JSON.parse` itself creates `__proto__` as a plain own property, but code that later
 * copies such objects (`Object.assign`, spreads, tfjs's config deserialisation walking
 * dictionaries) can turn it into a prototype write. So keys that could reach an object's
 * prototype chain are dropped at parse time; the rest of the document is kept, so a valid
 * model that happens to carry such keys still loads.
 */
export const DANGEROUS_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface SafeJsonResult {
  value: unknown;
  /** Dotted paths of the keys that were dropped, e.g. ["modelTopology.__proto__"]. */
  dropped: string[];
}

/** Parses JSON text; throws SyntaxError (with position) like JSON.parse on bad text. */
export function safeJsonParse(text: string): SafeJsonResult {
  const dropped: string[] = [];
  const value = JSON.parse(text, function reviver(this: unknown, key: string, v: unknown) {
    if (DANGEROUS_KEYS.has(key)) {
      dropped.push(key);
      return undefined;
    }
    return v;
  });
  return { value, dropped };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
