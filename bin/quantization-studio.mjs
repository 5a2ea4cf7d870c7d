#!/usr/bin/env node
// Launcher for the quantization-studio CLI. Runs the esbuild bundle in .cache/cli/ (built by
// scripts/build-cli.mjs on `npm install`) when it is newer than every source file it could
// contain; otherwise registers tsx and runs the TypeScript sources directly, so an edited
// source is never shadowed by a stale bundle. QS_FROM_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fail = (e) => {
  const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
  process.stderr.write(`quantization-studio: ${msg}\n`);
  if (process.env.QS_DEBUG) process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(2);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const root = new URL('../', import.meta.url);
const bundle = new URL('.cache/cli/main.mjs', root);
const worker = new URL('.cache/cli/sweepWorker.mjs', root);

/** Newest modification time (ms) of the files under dir (recursive); 0 if none. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function bundleIsFresh() {
  if (process.env.QS_FROM_SOURCE || !existsSync(bundle) || !existsSync(worker)) return false;
  const built = Math.min(statSync(bundle).mtimeMs, statSync(worker).mtimeMs);
  const r = fileURLToPath(root);
  const sources = Math.max(
    ...['src/cli', 'src/model', 'src/quant', 'src/data', 'src/kernels'].filter((d) => existsSync(r + d)).map((d) => newest(r + d)),
    ...['package-lock.json', 'bin/quantization-studio.mjs'].filter((f) => existsSync(r + f)).map((f) => statSync(r + f).mtimeMs),
  );
  return built > sources;
}

try {
  let main;
  const fresh = bundleIsFresh();
  if (process.env.QS_DEBUG) process.stderr.write(`quantization-studio: running the ${fresh ? 'bundle (.cache/cli)' : 'TypeScript sources (tsx)'}\n`);
  if (fresh) ({ main } = await import(bundle.href));
  else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../src/cli/main.ts'));
  }
  const code = await main(process.argv.slice(2));
  // Exit explicitly: tfjs/wasm may keep handles open after the work is done.
  process.stdout.write('', () => process.exit(code));
} catch (e) {
  fail(e);
}
