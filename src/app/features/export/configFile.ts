/**
 * The config JSON on the way out (download) and in (import). Imports are never trusted:
 * they are parsed, checked, and refused with a clear message when they belong to another
 * model; SQNR "Infinity" strings are kept as the config type expects.
 */
import type { StudioConfig } from '../../../quant/types';
import type { ModelSummary } from '../../bridge';

export const CONFIG_FORMAT = 'quantization-studio/config';

export function serializeConfig(config: StudioConfig): string {
  return JSON.stringify(config, (_k, v) => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v), 2);
}

export function isConfigJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === CONFIG_FORMAT;
}

export function configFileName(config: StudioConfig): string {
  const safe = config.model.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model';
  return `${safe}.${config.method.name}.quant-config.json`;
}

function problem(file: string, message: string): Error {
  return new Error(`${file}: ${message}`);
}

/**
 * Checks an imported config against the loaded model and returns it with defaults filled.
 * Throws an Error that names the file and the first problem.
 */
export function restoreConfig(raw: unknown, model: ModelSummary | null, file = 'config'): StudioConfig {
  if (!isConfigJson(raw)) throw problem(file, `not a Quantization Studio config (expected "format": "${CONFIG_FORMAT}")`);
  const c = raw as StudioConfig;
  if (c.version !== 1) throw problem(file, `unsupported config version ${String(c.version)} (this studio reads version 1)`);
  if (!c.model || typeof c.model.hash !== 'string') throw problem(file, 'the config has no model hash');
  if (!Array.isArray(c.layers)) throw problem(file, 'the config has no layer list');
  if (!model) throw problem(file, 'load the model this config belongs to first');
  if (c.model.hash !== model.hash) {
    throw problem(file, `this config is for model "${c.model.name}" (weights ${c.model.hash.slice(0, 12)}…), ` +
      `but the loaded model is "${model.name}" (weights ${model.hash.slice(0, 12)}…). Load that model first.`);
  }
  const known = new Set(model.layers.map((l) => l.name));
  const unknown = c.layers.find((l) => !known.has(l.name));
  if (unknown) throw problem(file, `layer "${unknown.name}" does not exist in the loaded model`);
  return {
    ...c,
    method: { ...c.method, name: String(c.method?.name ?? 'imported') },
    summary: {
      ...c.summary,
      averageWeightBits: c.summary?.averageWeightBits ?? 0,
      sizeBytes: c.summary?.sizeBytes ?? 0,
      bitops: c.summary?.bitops ?? 0,
    },
  };
}
