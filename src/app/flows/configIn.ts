/**
 * Every config that comes into the page — a dropped file, the session saved in IndexedDB —
 * goes through the one validator (restoreConfig, src/quant/config/restore.ts), run in the
 * worker so a big config never blocks the main thread; it fills defaults and refuses a bad
 * config with one line naming the field. Then the check that matters to the page: the
 * config belongs to the loaded model.
 */
import type { ConfigValidation } from '../../quant/config/restore';
import type { StudioConfig } from '../../quant/types';
import { worker, type ModelSummary } from '../bridge';

/** The one validator, in the worker; answered between a running job's batches, so it never waits for the job. */
export function validateConfig(raw: unknown): Promise<ConfigValidation> {
  return worker.validateConfig(raw);
}

/**
 * Reads an imported config for the loaded model; throws an Error naming the file and the
 * first problem (schema, or a config of another model).
 */
export async function importConfig(raw: unknown, model: ModelSummary | null, file = 'config'): Promise<StudioConfig> {
  const result = await validateConfig(raw);
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
