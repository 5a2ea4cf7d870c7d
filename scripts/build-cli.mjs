// Bundles the CLI (src/cli/main.ts) and its sweep worker into .cache/cli/ with esbuild, so
// `npx quantization-studio` starts without compiling TypeScript and without Node parsing
// tfjs's CommonJS files one by one (≈ 1 s less start-up, measured on ResNet-18 analysis).
// bin/quantization-studio.mjs uses the bundle only while it is newer than every source
// file; otherwise it runs the sources through tsx. Runs on `npm install` (prepare).
//   node scripts/build-cli.mjs
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, '.cache/cli');
mkdirSync(outdir, { recursive: true });
const t0 = performance.now();
const result = await build({
  write: false,
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', sweepWorker: 'src/cli/sweepWorkerEntry.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Shared and lazily imported code goes to chunks: a weights-only analysis of a graph
  // model never imports tfjs (graphWeightsOnly.ts), so Node never parses its chunk.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // tfjs-backend-cpu's package.json marks its Node build side-effect free, but importing it
  // is what registers the backend: keep such imports.
  ignoreAnnotations: true,
  // CommonJS dependencies call require() and read __dirname / __filename (tfjs-backend-wasm
  // does, and without them its init fails silently and the CLI falls back to cpu): give
  // the ESM bundle all three.
  banner: {
    js: [
      "import { createRequire as __qsCreateRequire } from 'node:module';",
      "import { fileURLToPath as __qsFileURLToPath } from 'node:url';",
      "import { dirname as __qsDirname } from 'node:path';",
      'const require = __qsCreateRequire(import.meta.url);',
      'const __filename = __qsFileURLToPath(import.meta.url);',
      'const __dirname = __qsDirname(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
  legalComments: 'none',
});
// Write each file beside its target, then rename: a CLI starting meanwhile (tests run in
// parallel) sees the old bundle or the new one, never half a file. Chunks (content-hashed
// names) first, the entries last, so a new entry never imports a chunk not yet written.
const entries = new Set(['main.mjs', 'sweepWorker.mjs'].map((n) => resolve(outdir, n)));
const ordered = [...result.outputFiles.filter((f) => !entries.has(f.path)), ...result.outputFiles.filter((f) => entries.has(f.path))];
for (const f of ordered) {
  const tmp = `${f.path}.${process.pid}.tmp`;
  writeFileSync(tmp, f.contents);
  renameSync(tmp, f.path);
}
// Chunks of earlier builds: removed once no CLI started before this build can still need them.
const written = new Set(result.outputFiles.map((f) => f.path));
for (const name of readdirSync(outdir)) {
  const p = resolve(outdir, name);
  if (name.endsWith('.mjs') && !written.has(p) && Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { force: true });
}
process.stdout.write(`built .cache/cli (main.mjs, sweepWorker.mjs) in ${Math.round(performance.now() - t0)} ms\n`);
