/**
 * The uniform curve on a 30-layer, 3.8M-parameter GraphModel with no matching data (the
 * issue's case: the page evaluates it on synthetic inputs), in Node on wasm, the way the
 * page's worker runs it (same batch and synthetic-input sizing, same analysis):
 *   before — the previous worker loop: each budget in list order, weights-only and full
 *            passes, on all synthetic images, the curve returned at the end;
 *   after  — src/model/curve.ts: progressive order, one pass per point, a preview round on a
 *            quarter of the images, every point streamed as it is measured.
 * Each side gets its own model instance (no shared caches) and its analysis (the page has it
 * before a curve starts) outside the timing. `--before-points k` times the old loop on its
 * first k budgets only and extrapolates the rest (marked "est.").
 *
 *   npx tsx scripts/bench/curveBench.ts [--before-points 7] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { initBackend } from '../../src/cli/backend';
import { analyzeModel } from '../../src/model/analyze';
import { runCurve } from '../../src/model/curve';
import type { EvaluationData } from '../../src/model/evaluate';
import { loadModelFromFiles } from '../../src/model/load';
import { getMethod } from '../../src/model/methods';
import { runMethod } from '../../src/model/methods/run';
import { SYNTHETIC_SEED, syntheticInputs } from '../../src/model/synthetic';
import type { LoadedModel } from '../../src/model/types';
import type { StudioConfig } from '../../src/quant/types';
import { evaluationBatch, syntheticEvalCount } from '../../workers/api/evalBudget';
import { GraphWriter } from './resnetGraph';

/** Plain 3×3 conv chain: 29 convs (four stride-2 stages) + dense, 96×96×3 input. */
export function curveModelFiles(): Map<string, Uint8Array> {
  const g = new GraphWriter(21);
  let x = g.input('input', [-1, 96, 96, 3]);
  const plan: [number, number][] = [[32, 2], ...Array<[number, number]>(4).fill([32, 1]), [64, 2], ...Array<[number, number]>(5).fill([64, 1]),
    [128, 2], ...Array<[number, number]>(7).fill([128, 1]), [168, 2], ...Array<[number, number]>(9).fill([168, 1])];
  let c = 3;
  plan.forEach(([co, s], i) => {
    x = g.conv(`conv${i + 1}`, x, [3, 3, c, co], { strides: s });
    c = co;
  });
  x = g.op('pool', 'Mean', [x, g.ints('pool/axes', [1, 2])], { keep_dims: { b: false } });
  x = g.dense('fc', x, c, 100);
  g.op('Identity', 'Softmax', [x]);
  return g.files('scripts/bench/curveBench.ts');
}

export interface CurveBench {
  layers: number;
  parameters: number;
  images: number;
  batch: number;
  beforeMs: number;
  beforeEstimated: boolean;
  beforePointMs: number;
  afterFirstPointMs: number;
  afterPreviewMs: number | null;
  afterMs: number;
  /** Images each point's final figure was measured on (budget order of measurement). */
  finalImages: number[];
  backend: string;
}

async function fresh(): Promise<LoadedModel> {
  return loadModelFromFiles(curveModelFiles());
}

function syntheticData(model: LoadedModel): EvaluationData {
  const dims = model.input.shape.slice(1) as number[];
  const count = syntheticEvalCount(model.layers);
  return { id: `synthetic:${dims.join('x')}:${count}`, images: syntheticInputs(dims, count, SYNTHETIC_SEED + 1), labels: null, count };
}

export async function curveBench(beforePoints = 2, log: (s: string) => void = console.log): Promise<CurveBench> {
  const backend = await initBackend('auto');
  const budgets = [...getMethod('uniform').info.curve];
  const timeOne = async (label: string, fn: (m: LoadedModel, data: EvaluationData, batch: number, base: StudioConfig) => Promise<void>) => {
    const model = await fresh();
    const data = syntheticData(model);
    const batch = evaluationBatch(model.layers);
    const base = await analyzeModel(model, { data: { images: data.images, count: data.count, shape: model.input.shape.slice(1) as number[], source: data.id } });
    const t0 = performance.now();
    await fn(model, data, batch, base);
    const ms = performance.now() - t0;
    log(`  ${label}: ${(ms / 1000).toFixed(1)} s`);
    model.dispose();
    return { ms, model, data, batch };
  };
  const calibrationOf = (data: EvaluationData) => ({ id: `${data.id}:first64`, images: data.images.subarray(0, 64 * (data.images.length / data.count)), count: 64 });
  const k = Math.max(1, Math.min(beforePoints, budgets.length));
  let pointMs = 0;
  const before = await timeOne(`before (${k} of ${budgets.length} points)`, async (model, data, batch, base) => {
    const md = { evaluation: data, calibration: calibrationOf(data) };
    for (const budget of budgets.slice(0, k)) {
      const t = performance.now();
      await runMethod(model, base, 'uniform', md, { budget, batchSize: batch });
      pointMs = performance.now() - t; // the last point: float reference and calibration already cached
    }
  });
  const beforeMs = before.ms + (budgets.length - k) * pointMs;
  let first = 0;
  let preview: number | null = null;
  const finalImages: number[] = [];
  let t0 = 0;
  const after = await timeOne('after (progressive)', async (model, data, batch, base) => {
    t0 = performance.now();
    await runCurve(model, base, 'uniform', { evaluation: data, calibration: calibrationOf(data) }, {
      budgets, batchSize: batch,
      onPoint: (p) => {
        const ms = performance.now() - t0;
        if (p.done === 1) first = ms;
        if (p.round === 'preview' && p.done === budgets.length) preview = ms;
        if (p.round === 'final') {
          const on = p.config.summary.evaluatedOn ?? '';
          finalImages.push(Number(/first (\d+) of/.exec(on)?.[1] ?? /\((\d+) images/.exec(on)?.[1] ?? NaN));
        }
        const s = p.config.summary;
        log(`    point ${p.done}/${p.total} (${p.round}, ${p.budget} bits) at ${(ms / 1000).toFixed(1)} s: agreement ${s.agreement === null || s.agreement === undefined ? 'n/a' : `${(100 * s.agreement).toFixed(1)} %`}, output SQNR ${typeof s.outputSqnrDb === 'number' ? `${s.outputSqnrDb.toFixed(2)} dB` : s.outputSqnrDb} on ${s.evaluatedOn}`);
      },
    });
  });
  return {
    layers: after.model.layers.length, parameters: after.model.parameters, images: after.data.count, batch: after.batch,
    beforeMs, beforeEstimated: k < budgets.length, beforePointMs: pointMs,
    afterFirstPointMs: first, afterPreviewMs: preview, afterMs: after.ms, finalImages, backend: backend.name,
  };
}

if (process.argv[1]?.endsWith('curveBench.ts')) {
  const argv = process.argv.slice(2);
  const k = argv.includes('--before-points') ? Number(argv[argv.indexOf('--before-points') + 1]) : 2;
  curveBench(k).then((r) => {
    console.log(JSON.stringify(r));
    if (argv.includes('--json')) writeFileSync(argv[argv.indexOf('--json') + 1], JSON.stringify(r, null, 2));
    process.exit(0);
  }, (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
