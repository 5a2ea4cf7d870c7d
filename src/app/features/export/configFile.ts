/**
 * The config JSON on the way out (download): written by the one writer (configToJson) and
 * checked by the one validator (flows/configIn.ts) before it is offered.
 */
import { configToJson } from '../../../quant/config/json';
import type { StudioConfig } from '../../../quant/types';
import { validateConfig } from '../../flows/configIn';

export function serializeConfig(config: StudioConfig): string {
  return configToJson(config);
}

export function configFileName(config: StudioConfig): string {
  const safe = config.model.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model';
  return `${safe}.${config.method.name.replace(/[^\w.-]+/g, '-')}.quant-config.json`;
}

/** Validator problems of a config about to be written, or null when it is valid. */
export async function exportProblem(text: string): Promise<string | null> {
  const raw: unknown = JSON.parse(text);
  const result = await validateConfig(raw);
  return result.ok ? null : result.errors.slice(0, 3).join('; ');
}
