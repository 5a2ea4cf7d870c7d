/**
 * Checks an --out path before any work is done: its folder must exist and it must not be a
 * folder itself. Returns the absolute path. Shared by `analyze` and `search`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors';

export function checkOutPath(path: string): string {
  const p = resolve(path);
  const dir = dirname(p);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`cannot write ${p}: folder ${dir} does not exist`);
  if (existsSync(p) && statSync(p).isDirectory()) throw new CliError(`cannot write ${p}: it is a folder`);
  return p;
}
