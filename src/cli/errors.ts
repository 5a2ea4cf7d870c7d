/**
 * CLI failures. Anything the user can fix (bad flag, missing file, broken model, data that
 * does not fit) ends the run with ONE line on stderr and exit code 2; no stack traces.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;

/** One line describing any thrown value. */
export function describeError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.replace(/\s+/g, ' ').trim() || (e instanceof Error ? e.name : 'unknown error');
  return line.length > 600 ? `${line.slice(0, 597)}...` : line;
}
