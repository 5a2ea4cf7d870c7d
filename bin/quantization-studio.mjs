#!/usr/bin/env node
// Launcher for the quantization-studio CLI: registers tsx so Node runs the TypeScript
// sources directly (no build step), then hands over to src/cli/main.ts.
import { register } from 'tsx/esm/api';

const fail = (e) => {
  const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
  process.stderr.write(`quantization-studio: ${msg}\n`);
  if (process.env.QS_DEBUG) process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(2);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

try {
  register();
  const { main } = await import('../src/cli/main.ts');
  const code = await main(process.argv.slice(2));
  // Exit explicitly: tfjs/wasm may keep handles open after the work is done.
  process.stdout.write('', () => process.exit(code));
} catch (e) {
  fail(e);
}
