/**
 * `--schemes fixed,log2,dfp`: the weight schemes `analyze` sweeps (default: all six). Names
 * are checked against the studio's schemes and put in the studio's order, duplicates dropped,
 * so the same set always gives the same config.
 */
import { WEIGHT_SCHEMES, type WeightScheme } from '../quant/types';
import { CliError } from './errors';

export function parseSchemes(value: unknown): readonly WeightScheme[] | undefined {
  if (value === undefined) return undefined;
  const names = String(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new CliError(`flag --schemes needs at least one scheme (${WEIGHT_SCHEMES.join(', ')})`);
  for (const n of names) {
    if (!(WEIGHT_SCHEMES as readonly string[]).includes(n)) {
      throw new CliError(`flag --schemes: unknown scheme '${n}' (known: ${WEIGHT_SCHEMES.join(', ')})`);
    }
  }
  return WEIGHT_SCHEMES.filter((s) => names.includes(s));
}
