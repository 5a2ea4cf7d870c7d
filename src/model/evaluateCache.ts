/**
 * Caching for evaluation: results keyed by a SHA-256 of (model hash, data id, calibration
 * id, the config's decisions in canonical JSON), so that moving a slider back — or a search
 * revisiting a configuration — does not recompute. Also a per-model lock: evaluation edits
 * the live model's weights, so two evaluations of one model must not interleave.
 */
import type { StudioConfig } from '../quant/types';

/**
 * JSON with object keys sorted at every level, so equal values give equal strings.
 * Example: canonicalJson({b: 1, a: [2, {d: 3, c: 4}]}) = '{"a":[2,{"c":4,"d":3}],"b":1}'.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** The parts of a config that change what evaluation computes (not its figures or sweeps). */
export function configDecisions(config: StudioConfig): unknown {
  return {
    unit: config.method.settings?.unitScale ?? null,
    layers: config.layers.map((l) => ({
      name: l.name,
      w: { scheme: l.weights.scheme, bits: l.weights.bits, granularity: l.weights.granularity },
      a: { scheme: l.activations.scheme, bits: l.activations.bits, signed: l.activations.signed ?? null, calibration: l.activations.calibration ?? null },
    })),
  };
}

/** Hex SHA-256 of a string (WebCrypto: browsers, workers and Node ≥ 19). */
export async function sha256Text(s: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function evaluationKey(modelHash: string, dataId: string, calibrationId: string, config: StudioConfig, passes: string): Promise<string> {
  return sha256Text(canonicalJson({ modelHash, dataId, calibrationId, passes, decisions: configDecisions(config) }));
}

/** A small LRU map. */
export class LruCache<V> {
  private map = new Map<string, V>();
  constructor(private readonly capacity = 128) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
  get size(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
}

const locks = new WeakMap<object, Promise<unknown>>();

/** Runs `fn` after every earlier `withModelLock(owner, …)` call has settled. */
export function withModelLock<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(owner) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  locks.set(owner, run.catch(() => undefined));
  return run;
}
