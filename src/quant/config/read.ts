/**
 * Typed readers for untrusted JSON: each returns the value with its type checked or throws a
 * ConfigError naming the JSON path, so a bad config gets one line that says where it is wrong.
 */
import { sqnrFromJson } from '../sqnr';
import type { SqnrJson } from '../types';

export class ConfigError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `def` when the field is absent; a present null is kept (and then refused by the reader). */
export function orDefault(v: unknown, def: unknown): unknown {
  return v === undefined ? def : v;
}

export function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new ConfigError(path, 'expected an object');
  return v;
}

export function str(v: unknown, path: string, def?: string): string {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'string' || v.length === 0) throw new ConfigError(path, 'expected a non-empty string');
  return v;
}

/** Any string, empty included (free text such as notes). */
export function text(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ConfigError(path, 'expected a string');
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(path, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

export function num(v: unknown, path: string, opts: { int?: boolean; min?: number; max?: number } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (opts.int && !Number.isInteger(v))) {
    throw new ConfigError(path, `expected ${opts.int ? 'an integer' : 'a finite number'}, got ${JSON.stringify(v)}`);
  }
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw new ConfigError(path, `${v} is outside ${opts.min ?? '−∞'}..${opts.max ?? '∞'}`);
  }
  return v;
}

export function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string, def?: T): T {
  if (v === undefined && def !== undefined) return def;
  if (!allowed.includes(v as T)) throw new ConfigError(path, `unknown value ${JSON.stringify(v)} (expected ${allowed.join(', ')})`);
  return v as T;
}

export function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ConfigError(path, 'expected a list');
  return v;
}

/** An SQNR in its JSON spelling (number, "Infinity", null), checked by the one codec (sqnr.ts). */
export function sqnr(v: unknown, path: string): SqnrJson {
  try {
    sqnrFromJson(v as SqnrJson);
  } catch {
    throw new ConfigError(path, `expected an SQNR in dB (a number, "Infinity" or null), got ${JSON.stringify(v)}`);
  }
  return v as SqnrJson;
}
