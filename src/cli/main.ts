/**
 * quantization-studio CLI: the studio's analysis headless in Node, on the same src/quant
 * and src/model code as the web page. Entry: bin/quantization-studio.mjs.
 *
 * Exit codes: 0 success; 2 any failure (bad flag, missing or broken file, data that cannot
 * be used) with exactly one line on stderr. Set QS_DEBUG=1 to also print stack traces.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagHelp, parseArgs } from './args';
import { COMMANDS } from './commands';
import { CliError, describeError, EXIT_BAD_INPUT, EXIT_OK } from './errors';
import { nodeZlib } from './nodeZlib';
import { useZlibCodec } from '../quant/config/zlibCodec';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PROGRAM = 'quantization-studio';

interface MainIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: MainIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

async function usage(): Promise<string> {
  const lines = [`usage: ${PROGRAM} <command> [options]`, '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(10)} ${command.summary}`, `             ${PROGRAM} ${command.usage}`);
  }
  lines.push('', `${PROGRAM} <command> --help for its options`);
  return lines.join('\n');
}

export async function main(argv: readonly string[], io: MainIo = defaultIo): Promise<number> {
  // Configs are read and written with Node's native zlib (the same format as the page's fflate).
  useZlibCodec(nodeZlib);
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.out(await usage());
      return name ? EXIT_OK : EXIT_BAD_INPUT;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new CliError(`unknown command '${name}' (known: ${Object.keys(COMMANDS).join(', ')})`);
    const { command } = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`usage: ${PROGRAM} ${command.usage}\n\n${flagHelp(command.flags)}`);
      return EXIT_OK;
    }
    const args = parseArgs(rest, command.flags);
    return await command.run(args, { out: io.out, root: ROOT });
  } catch (e) {
    io.err(`${PROGRAM}: ${describeError(e)}`);
    if (process.env.QS_DEBUG) io.err(String((e as Error)?.stack ?? e));
    return EXIT_BAD_INPUT;
  }
}
