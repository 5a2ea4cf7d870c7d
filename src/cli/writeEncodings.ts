/**
 * `--export-encodings <dir>`: writes every pipeline encoding file of a config (AIMET 2.0.0,
 * 1.0.0, legacy 0.6.1, onnxruntime TensorQuantOverrides; src/quant/export/formats.ts) into
 * one folder, and says per format what was left out and why. A format that cannot hold the
 * config at all is reported and skipped; a malformed config writes nothing and exits 2.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCODING_FORMATS, encodingsBlocker, writeEncodings } from '../quant/export/formats';
import { tfjsTensorNames, type NameLayer } from '../quant/export/grid';
import type { StudioConfig } from '../quant/types';
import { CliError } from './errors';

export function writeEncodingFiles(config: StudioConfig, dir: string, out: (line: string) => void, names: NameLayer = tfjsTensorNames): void {
  const blockers = ENCODING_FORMATS.map((f) => [f, encodingsBlocker(config, f.id, names)] as const);
  const malformed = blockers.find(([, b]) => b?.startsWith('The config is malformed'));
  if (malformed) throw new CliError(`--export-encodings: ${malformed[1]}`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(`--export-encodings: cannot create ${dir}: ${(e as Error).message}`);
  }
  for (const [f, blocker] of blockers) {
    if (blocker) {
      out(`  ${f.title}: not written (${blocker})`);
      continue;
    }
    const w = writeEncodings(config, f.id, names);
    const path = join(dir, w.fileName);
    try {
      writeFileSync(path, w.text);
    } catch (e) {
      throw new CliError(`--export-encodings: cannot write ${path}: ${(e as Error).message}`);
    }
    out(`  ${f.title}: ${w.count} tensors → ${path}`);
    for (const s of w.skipped) out(`    left out ${s.reason}`);
  }
}
