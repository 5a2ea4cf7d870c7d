import type { FlagSpec, ParsedArgs } from '../args';

/** Output channels of a command: info lines go to stdout; errors are thrown (main prints them). */
export interface CliIo {
  out: (line: string) => void;
  /** Repository root (for public/data, scripts/). */
  root: string;
}

export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  /** Usage line without the program name, e.g. 'analyze <model.json> --out <config.json>'. */
  usage: string;
  flags: Record<string, FlagSpec>;
  /** Returns the exit code; throws CliError / ModelLoadError for bad input (exit 2). */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
