/**
 * The config JSON on the way out (download): written by the one writer (configToJson, in
 * slices: configText.ts) and checked by the one validator, in the worker, before it is offered.
 */
import type { StudioConfig } from '../../../quant/types';
import { worker } from '../../bridge';

export function configFileName(config: StudioConfig): string {
  const safe = config.model.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model';
  return `${safe}.${config.method.name.replace(/[^\w.-]+/g, '-')}.quant-config.json`;
}

/**
 * Validator problems of a config about to be written, or null when it is valid: the worker
 * parses and checks the text (answered between a running job's batches) and sends back
 * only the verdict.
 */
export async function exportProblem(text: string): Promise<string | null> {
  const result = await worker.checkConfigText(text);
  return result.ok ? null : result.errors.slice(0, 3).join('; ');
}
