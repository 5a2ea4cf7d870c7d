/**
 * Config file size before and after packing the per-filter sweep tables, on a real-size
 * generated GraphModel (74 quantizable layers, 2.4M parameters: e2e/models/generatedGraph.ts),
 * analysed weights-only as the CLI's `analyze` does:   npx tsx scripts/config-size.ts
 * Prints the config written as before (per-filter tables as JSON lists of full-precision
 * numbers), as the studio writes it now (packed), and checks that both load back to the same
 * decisions and that the packed values are within 0.005 dB of the analysis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { writeGeneratedGraph } from '../e2e/models/generatedGraph';
import { readModelFiles } from '../src/cli/files';
import { analyzeModel } from '../src/model/analyze';
import { loadModelFromFiles } from '../src/model/load';
import { configToJson } from '../src/quant/config/json';
import { restoreConfig } from '../src/quant/config/restore';
import type { SqnrJson } from '../src/quant/types';

const dir = mkdtempSync(join(tmpdir(), 'qs-config-size-'));
try {
  await tf.setBackend('cpu');
  const { layers, parameters } = writeGeneratedGraph(join(dir, 'model'));
  const loaded = await loadModelFromFiles(readModelFiles(join(dir, 'model', 'model.json')).files);
  const config = await analyzeModel(loaded, {});
  loaded.dispose();
  const t0 = performance.now();
  const before = configToJson(config, 2, false);
  const t1 = performance.now();
  const after = configToJson(config);
  const t2 = performance.now();
  const back = restoreConfig(JSON.parse(after));
  const same = JSON.stringify(restoreConfig(JSON.parse(before)).layers.map((l) => l.weights)) === JSON.stringify(back.layers.map((l) => l.weights));
  let values = 0;
  let worst = 0;
  config.layers.forEach((l, i) => {
    for (const [scheme, row] of Object.entries(l.sweep?.weightsPerFilter ?? {})) {
      for (const [bits, list] of Object.entries(row ?? {})) {
        const got = (back.layers[i].sweep!.weightsPerFilter as Record<string, Record<string, SqnrJson[]>>)[scheme][bits];
        list.forEach((v, f) => {
          values++;
          if (typeof v === 'number') worst = Math.max(worst, Math.abs(v - (got[f] as number)));
          else if (v !== got[f]) throw new Error(`${l.name} ${scheme}/${bits}[${f}]: ${String(v)} came back as ${String(got[f])}`);
        });
      }
    }
  });
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  console.log(`generated GraphModel: ${layers} quantizable layers, ${parameters.toLocaleString('en')} parameters, ${values.toLocaleString('en')} per-filter SQNR values`);
  console.log(`config with the per-filter tables as JSON lists (before): ${mb(before.length)}`);
  console.log(`config as written now (tables packed):                   ${mb(after.length)}`);
  console.log(`writing it: ${(t1 - t0).toFixed(0)} ms as lists, ${(t2 - t1).toFixed(0)} ms packed (same run, Node)`);
  console.log(`decisions identical after loading: ${same}; largest per-filter SQNR change ${worst.toFixed(4)} dB`);
  if (!same || worst > 0.005 + 1e-9) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
