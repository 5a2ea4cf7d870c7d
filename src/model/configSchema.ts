/**
 * Config validation on import: the JSON Schema (docs/config.schema.json, checked with ajv)
 * for structure and ranges, then the cross-field rules and defaults of restoreConfig
 * (src/quant/config/restore.ts). Messages name the JSON path of the first problems.
 */
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../docs/config.schema.json';
import { ConfigError, restoreConfig } from '../quant/config/restore';
import type { StudioConfig } from '../quant/types';

export { schema as configSchema };

let compiled: ReturnType<Ajv['compile']> | null = null;

function validator() {
  if (!compiled) compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return compiled;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'config';
  if (e.keyword === 'enum') return `${where}: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
  if (e.keyword === 'const') return `${where}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  return `${where}: ${e.message ?? e.keyword}`;
}

export type ConfigValidation = { ok: true; config: StudioConfig } | { ok: false; errors: string[] };

/** Schema + semantic validation; on success returns the restored (defaults-filled) config. */
export function validateConfig(raw: unknown): ConfigValidation {
  const validate = validator();
  if (!validate(raw)) {
    // anyOf branches report one error each at the same path ("must be null", "must be <= 16"):
    // keep the most telling ones — deepest path first, and range/enum errors over type errors.
    const raw = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if');
    const depth = (e: ErrorObject) => e.instancePath.split('/').length;
    const byPath = new Map<string, ErrorObject[]>();
    for (const e of raw) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
    const kept = [...byPath.values()].flatMap((list) => {
      const specific = list.filter((e) => e.keyword !== 'type' && e.keyword !== 'const');
      return specific.length ? specific : list;
    }).sort((a, b) => depth(b) - depth(a));
    const errors = [...new Set(kept.map(describe))];
    return { ok: false, errors: errors.length ? errors : ['config: does not match the schema'] };
  }
  try {
    return { ok: true, config: restoreConfig(raw) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, errors: [e.message] };
    throw e;
  }
}
