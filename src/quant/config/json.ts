/**
 * Config ⇄ JSON text. JSON has no Infinity/NaN: SQNR values are already SqnrJson in the
 * config ("Infinity" for lossless, null for undefined), and the writer turns any stray
 * non-finite number into the same convention (+Infinity → "Infinity", −Infinity and NaN →
 * null), so the file never holds a NaN and always parses back.
 *
 * Layout: objects indented, arrays of numbers/strings on one line (per-filter bit maps and
 * SQNR lists stay readable instead of one value per line).
 */
import type { StudioConfig } from '../types';
import { compactConfig } from './sweepCodec';

function scalar(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : v === Infinity ? '"Infinity"' : 'null';
  return JSON.stringify(v) ?? 'null';
}

function write(v: unknown, indent: string, step: string): string {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) v = Array.from(v as unknown as ArrayLike<number>);
  if (v === null || typeof v !== 'object') return scalar(v);
  const inner = indent + step;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map(scalar).join(', ')}]`;
    return `[\n${v.map((x) => inner + write(x, inner, step)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function');
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner, step)}`).join(',\n')}\n${indent}}`;
}

/**
 * The config file's text: per-filter sweep tables packed (sweepCodec.ts), everything else
 * readable. `packTables: false` writes the tables as JSON lists, as configs were written
 * before the packing (kept for measuring and for testing that such files still load).
 */
export function configToJson(config: StudioConfig, indent = 2, packTables = true): string {
  return `${write(packTables ? compactConfig(config) : config, '', ' '.repeat(indent))}\n`;
}
