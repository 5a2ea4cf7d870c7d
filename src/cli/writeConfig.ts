/** The one way the CLI writes a config: checked by the config validator (restoreConfig) first, then written. */
import { writeFileSync } from 'node:fs';
import { configToJson } from '../quant/config/json';
import { validateConfig } from '../quant/config/restore';
import type { StudioConfig } from '../quant/types';
import { CliError } from './errors';

/** Validates `config` as an import would (an internal error if it fails), writes it; returns the JSON text. */
export function writeValidatedConfig(config: StudioConfig, outPath: string): string {
  const text = configToJson(config);
  const check = validateConfig(JSON.parse(text));
  if (!check.ok) throw new Error(`internal error: the config would not load back: ${check.errors[0]}`);
  try {
    writeFileSync(outPath, text);
  } catch (e) {
    throw new CliError(`cannot write ${outPath}: ${(e as Error).message}`);
  }
  return text;
}
