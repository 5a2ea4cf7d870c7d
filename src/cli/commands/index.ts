/**
 * The CLI's command table. To add a command (e.g. `search`): write
 * src/cli/commands/<name>.ts exporting `command: CliCommand` (see types.ts, and analyze.ts
 * as the model), then add one line here. Commands load lazily, so one command's imports
 * never slow down another.
 */
import type { CliCommand } from './types';

export const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  analyze: () => import('./analyze'),
  search: () => import('./search'),
};
