import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TFJS_GRAPH_OPS } from './tfjsGraphOps';

describe('TFJS_GRAPH_OPS', () => {
  it('is exactly the op list of the installed tfjs-converter', async () => {
    const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-converter');
    const dir = join(dirname(main), 'operations/op_list');
    const names = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
      const m = (await import(pathToFileURL(join(dir, f)).href)) as { json: { tfOpName: string }[] };
      for (const o of m.json) names.add(o.tfOpName);
    }
    expect(names.size).toBeGreaterThan(200);
    expect([...TFJS_GRAPH_OPS].sort()).toEqual([...names].sort());
  });
});
