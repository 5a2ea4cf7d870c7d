/**
 * The config JSON on the way out (download) and in (import). Structure and ranges are
 * checked by the shared schema (src/model/configSchema.ts, ajv, run in the worker because
 * of the page's CSP), which also fills defaults; this file adds the check that matters to
 * the page: the config belongs to the loaded model.
 */
import type { ConfigValidation } from '../../../model/configSchema';
import { configToJson } from '../../../quant/config/json';
import type { StudioConfig } from '../../../quant/types';
import { worker, type ModelSummary } from '../../bridge';

export const CONFIG_FORMAT = 'quantization-studio/config';

export function serializeConfig(config: StudioConfig): string {
  return configToJson(config);
}

export function configFileName(config: StudioConfig): string {
  const safe = config.model.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model';
  return `${safe}.${config.method.name.replace(/[^\w.-]+/g, '-')}.quant-config.json`;
}

/**
 * Schema check of a config (in the worker: ajv compiles code, which the page's CSP forbids).
 * Answered between the batches of a running job, so an export never waits for it.
 */
function validate(raw: unknown): Promise<ConfigValidation> {
  return worker.callNow((api) => api.validateConfig(raw) as Promise<ConfigValidation>);
}

export async function exportProblem(text: string): Promise<string | null> {
  const raw: unknown = JSON.parse(text);
  const result = await validate(raw);
  return result.ok ? null : result.errors.slice(0, 3).join('; ');
}

/**
 * Reads an imported config for the loaded model; throws an Error naming the file and the
 * first problem (schema, or a config of another model).
 */
export async function importConfig(raw: unknown, model: ModelSummary | null, file = 'config'): Promise<StudioConfig> {
  const result = await validate(raw);
  if (!result.ok) throw new Error(`${file}: not a valid config: ${result.errors.slice(0, 3).join('; ')}`);
  const c = result.config;
  if (!model) throw new Error(`${file}: load the model this config belongs to first`);
  if (c.model.hash !== model.hash) {
    throw new Error(`${file}: this config is for model "${c.model.name}" (weights ${c.model.hash.slice(0, 12)}…), ` +
      `but the loaded model is "${model.name}" (weights ${model.hash.slice(0, 12)}…). Load that model first.`);
  }
  const known = new Set(model.layers.map((l) => l.name));
  const unknown = c.layers.find((l) => !known.has(l.name));
  if (unknown) throw new Error(`${file}: layer "${unknown.name}" does not exist in the loaded model`);
  return c;
}
