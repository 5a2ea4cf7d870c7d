/**
 * A strict flag parser: `--name value`, `--name=value`, boolean `--flag`; every flag must be
 * declared by the command, so a typo is an error rather than silently ignored.
 */
import { CliError } from './errors';

export interface FlagSpec {
  type: 'string' | 'int' | 'boolean';
  description: string;
  /** For 'int': smallest accepted value. */
  min?: number;
  /** Accepted string values. */
  choices?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | number | boolean>;
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new CliError(`unknown flag '${arg}' (flags are spelled --name)`);
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const flag = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (!flag) throw new CliError(`unknown flag '--${name}' (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (flag.type === 'boolean') {
      if (eq > 0) throw new CliError(`flag --${name} takes no value`);
      out.flags[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new CliError(`flag --${name} needs a value`);
    if (flag.type === 'int') {
      const n = Number(value);
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) throw new CliError(`flag --${name} needs an integer, got '${value}'`);
      if (flag.min !== undefined && n < flag.min) throw new CliError(`flag --${name} must be ≥ ${flag.min}, got ${n}`);
      out.flags[name] = n;
    } else {
      if (flag.choices && !flag.choices.includes(value)) {
        throw new CliError(`flag --${name} must be one of ${flag.choices.join(', ')}, got '${value}'`);
      }
      out.flags[name] = value;
    }
  }
  return out;
}

export function flagHelp(spec: Record<string, FlagSpec>): string {
  return Object.entries(spec)
    .map(([k, f]) => `  --${k}${f.type === 'boolean' ? '' : f.choices ? ` <${f.choices.join('|')}>` : f.type === 'int' ? ' <n>' : ' <value>'}`.padEnd(34) + f.description)
    .join('\n');
}
