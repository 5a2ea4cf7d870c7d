// Regenerates src/model/tfjsGraphOps.ts from the installed @tensorflow/tfjs-converter's op
// lists (run after upgrading tfjs; src/model/tfjsGraphOps.test.ts fails until then).
//   node scripts/gen-tfjs-graph-ops.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-converter')), 'operations/op_list');
const names = new Set();
for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
  for (const o of (await import(pathToFileURL(join(dir, f)).href)).json) names.add(o.tfOpName);
}
const lines = [];
let line = ' ';
for (const n of [...names].sort()) {
  const item = ` '${n}',`;
  if ((line + item).length > 112) {
    lines.push(line);
    line = ' ';
  }
  line += item;
}
lines.push(line);
const target = join(root, 'src/model/tfjsGraphOps.ts');
const text = readFileSync(target, 'utf8');
const head = text.slice(0, text.indexOf('new Set([') + 'new Set(['.length);
writeFileSync(target, `${head}\n${lines.join('\n')}\n]);\n`);
console.log(`${names.size} ops → src/model/tfjsGraphOps.ts`);
