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

interface SafeJsonResult {
  value: unknown;
  /** Dotted paths of the keys that were dropped, e.g. ["modelTopology.__proto__"]. */
  dropped: string[];
}

/**
 * Parses JSON text; throws SyntaxError (with position) like JSON.parse on bad text.
 * The dangerous keys are removed afterwards with an explicit stack (no recursion), so a
 * document nested 100,000 levels deep parses instead of overflowing the call stack.
 */
export function safeJsonParse(text: string): SafeJsonResult {
  const dropped: string[] = [];
  const value: unknown = JSON.parse(text);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
      continue;
    }
    for (const key of Object.keys(v)) {
      if (DANGEROUS_KEYS.has(key)) {
        dropped.push(key);
        delete (v as Record<string, unknown>)[key];
        continue;
      }
      const x = (v as Record<string, unknown>)[key];
      if (typeof x === 'object' && x !== null) stack.push(x);
    }
  }
  return { value, dropped };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
