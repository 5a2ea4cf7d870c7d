/**
 * `npm run results` — regenerates docs/results.md: every method across its knob on both demo
 * models (accuracy vs average weight bits and vs BitOPs), and the four claims tested.
 *
 * Data: the bundled MNIST digits. Figures are on the 2,000-image test split; activations
 * calibrate on 64 balanced train digits; CQ and EBS learn on the 8,000-image train split (CQ
 * checks ε on 500 balanced train digits). Backend: tfjs WASM in Node.
 * Budget: < 10 minutes on 2 cores, so EBS trains `EBS_STEPS` steps per λ (fewer than the
 * page's default) — the number is written into the report.
 *
 * Usage: npx tsx scripts/results.ts [--models lenet,resnet-ds] [--out docs/results.md] [--quick]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend, quiet } from '../src/cli/backend';
import { parseMnistBinary, selectSplit, takeBalanced } from '../src/data/mnistBinary';
import { analyzeModel } from '../src/model/analyze';
import { METHOD_LIST, type MethodData, type MethodName } from '../src/model/methods';
import { runMethod } from '../src/model/methods/run';
import { installTfjsNodeResolver } from '../src/model/gradientsNode';
import { loadModelFromFiles } from '../src/model/load';
import type { LoadedModel } from '../src/model/types';
import type { StudioConfig } from '../src/quant/types';
import { claimsMarkdown, curveMarkdown, findingsMarkdown, frontMarkdown, type Findings, type Row } from './resultsReport';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const QUICK = args.includes('--quick');
const MODELS = (flag('models') ?? 'lenet,resnet-ds').split(',');
const OUT = resolve(ROOT, flag('out') ?? 'docs/results.md');
export const EBS_STEPS = QUICK ? 30 : 100;

const CURVES: Record<MethodName, number[]> = {
  uniform: [2, 3, 4, 5, 6, 8],
  'uniform-per-filter': [2, 3, 4, 5, 6, 8],
  mxqn: [10, 15, 20, 25, 30, 40],
  nlq: [3, 4, 5, 6],
  'log-per-layer': [3, 4, 6],
  knapsack: [2, 2.5, 3, 4, 5, 6],
  cq: [0.001, 0.002, 0.005, 0.02],
  ebs: [0.1, 0.4, 1.5],
  random: [3, 4],
  w8a8: [8],
};
const SETTINGS: Partial<Record<MethodName, Record<string, unknown>>> = { ebs: { steps: EBS_STEPS } };

function log(s: string) {
  process.stdout.write(`${s}\n`);
}

function demoData(): MethodData {
  const path = join(ROOT, 'public/data/mnist.bin');
  if (!existsSync(path)) throw new Error('public/data/mnist.bin is missing: run `npm run data` first');
  const b = readFileSync(path);
  const ds = parseMnistBinary(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const test = selectSplit(ds, 'test');
  const train = selectSplit(ds, 'train');
  const val = takeBalanced(ds, 500, 'train');
  const cal = takeBalanced(ds, 64, 'train');
  return {
    evaluation: { id: `demo:mnist:test:${test.count}`, images: test.images, labels: test.labels, count: test.count },
    train: { id: `demo:mnist:train:${train.count}`, images: train.images, labels: train.labels, count: train.count },
    validation: { id: 'demo:mnist:train-balanced:500', images: val.images, labels: val.labels, count: val.count },
    calibration: { id: `demo:mnist:train-balanced:${cal.count}`, images: cal.images, count: cal.count },
  };
}

function row(label: string, method: string, budget: number | null, cfg: StudioConfig, ms: number, extra: Partial<Row> = {}): Row {
  const s = cfg.summary;
  return {
    label, method, budget, averageBits: s.averageWeightBits, sizeBytes: s.sizeBytes, bitops: s.bitops,
    floatBitops: s.floatBitops ?? 0, accuracy: s.accuracy ?? null, weightOnlyAccuracy: s.weightOnlyAccuracy ?? null,
    agreement: s.agreement ?? null, outputSqnrDb: s.outputSqnrDb ?? null, seconds: ms / 1000, config: cfg, ...extra,
  };
}

async function runModel(name: string, data: MethodData, findings: Findings): Promise<string> {
  const dir = join(ROOT, 'public/models', name);
  if (!existsSync(join(dir, 'model.json'))) return `## ${name}\n\nNot found (public/models/${name}/model.json): run \`npm run train:demo\`.\n`;
  const files = new Map((await import('node:fs')).readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
  const loaded: LoadedModel = await loadModelFromFiles(files, { name });
  const t0 = performance.now();
  const cal = data.calibration!;
  const base = await quiet(() => analyzeModel(loaded, { data: { images: cal.images, count: cal.count, shape: [28, 28, 1], source: cal.id }, calibration: cal.count }));
  const meta = existsSync(join(dir, 'metadata.json')) ? JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Record<string, unknown> : {};
  const run = async (method: MethodName, budget: number, settings?: Record<string, unknown>) => {
    const r = await quiet(() => runMethod(loaded, base, method, data, { budget, settings: { ...SETTINGS[method], ...settings } }));
    return { cfg: r.config, ms: r.ms, floatAccuracy: r.evaluation.floatAccuracy };
  };
  const curves: Row[] = [];
  let floatAccuracy: number | null = null;
  for (const method of Object.keys(CURVES) as MethodName[]) {
    for (const budget of CURVES[method]) {
      const r = await run(method, budget);
      floatAccuracy = r.floatAccuracy;
      curves.push(row(`${method} ${budget}`, method, budget, r.cfg, r.ms));
      log(`${name} ${method} ${budget}: acc ${r.cfg.summary.accuracy} bits ${r.cfg.summary.averageWeightBits.toFixed(2)} (${(r.ms / 1000).toFixed(1)} s)`);
    }
  }
  // Claim 1 — MXQN: per-layer fixed/log activations vs pure fixed, 8-bit weights, ≤ 4-bit activations.
  const mxqn: Row[] = [];
  for (const a of [2, 3, 4]) {
    for (const [label, schemes] of [['mixed (SQNR-chosen)', undefined], ['pure fixed', ['fixed']]] as const) {
      const r = await run('mxqn', 0, { weightBits: 8, activationBits: a, ...(schemes ? { activationSchemes: schemes } : {}) });
      const picks = r.cfg.layers.filter((l) => l.activations.scheme !== 'float').map((l) => l.activations.scheme).join(', ');
      mxqn.push(row(`A${a} ${label}`, 'mxqn', 0, r.cfg, r.ms, { note: picks }));
    }
  }
  // Claim 2 — CQ vs uniform per filter at equal average bits (activations 8-bit in both).
  const cq: Row[] = [];
  for (const bits of [3, 4]) {
    const u = await run('uniform-per-filter', bits, { activationBits: 8 });
    cq.push(row(`uniform per filter ${bits}`, 'uniform-per-filter', bits, u.cfg, u.ms));
    const c = await run('cq', 0.01, { targetAverageBits: bits, targetMode: 'score-order' });
    cq.push(row(`CQ scores, target ${bits}`, 'cq', bits, c.cfg, c.ms));
    const sh = await run('cq', 0.01, { targetAverageBits: bits, targetMode: 'score-order', shuffleSeed: 7 });
    cq.push(row(`CQ shuffled scores (control), target ${bits}`, 'cq', bits, sh.cfg, sh.ms));
  }
  // Claim 3 — NLQ's one shared unit vs per-layer FSR log, 3 and 4 bits.
  const nlq: Row[] = [];
  for (const bits of [3, 4]) {
    for (const [label, method, settings] of [
      ['NLQ shared unit', 'nlq', {}], ['log-√2, per-layer FSR', 'log-per-layer', { scheme: 'log2-sqrt2' }], ['log2, per-layer FSR', 'log-per-layer', { scheme: 'log2' }],
    ] as const) {
      const r = await run(method, bits, settings);
      nlq.push(row(`${label} ${bits}-bit`, method, bits, r.cfg, r.ms, { note: method === 'nlq' ? `u = ${Number(r.cfg.method.settings?.unitScale).toFixed(3)}` : '' }));
    }
  }
  const perFilterA8: Row[] = [];
  for (const bits of [2, 3, 4, 5, 6]) {
    const r = await run('uniform-per-filter', bits, { activationBits: 8 });
    perFilterA8.push(row(`uniform per filter ${bits} (A8)`, 'uniform-per-filter', bits, r.cfg, r.ms));
  }
  const seconds = (performance.now() - t0) / 1000;
  loaded.dispose();
  const head = [`## ${name}`, '',
    `${String(meta.description ?? '')} Float accuracy on the test split: ${floatAccuracy === null ? 'n/a' : `${(100 * floatAccuracy).toFixed(2)}%`}; ` +
    `${loaded.layers.length} quantizable layers, ${base.layers.reduce((a, l) => a + l.params, 0).toLocaleString('en-US')} kernel weights, ` +
    `${base.layers.reduce((a, l) => a + l.macs, 0).toLocaleString('en-US')} MACs per image. Section computed in ${seconds.toFixed(0)} s.`, ''];
  return [...head, curveMarkdown(curves), frontMarkdown(curves), claimsMarkdown({ mxqn, cq, nlq, perFilterA8, curves, floatAccuracy }, findings), ''].join('\n');
}

async function main() {
  const t0 = performance.now();
  const backend = await initBackend('wasm');
  installTfjsNodeResolver();
  const data = demoData();
  const sections: string[] = [];
  const findings: [string, Findings][] = [];
  for (const m of MODELS) {
    log(`— ${m}`);
    const f: Findings = { mxqn: [], cq: [], nlq: [], ebs: [] };
    sections.push(await runModel(m, data, f));
    findings.push([m, f]);
  }
  const minutes = (performance.now() - t0) / 60000;
  const doc = [
    '# Results: the seeds\' methods on the demo models',
    '',
    `Generated by \`npm run results\` (scripts/results.ts) on ${new Date().toISOString().slice(0, 10)}: tfjs ${backend.name} backend in Node, ` +
    `${cpus().length} cores, ${minutes.toFixed(1)} minutes in all${QUICK ? ' (--quick: reduced EBS training, numbers noisier)' : ''}.`,
    '',
    'Data: the bundled MNIST digits. Every accuracy below is top-1 on the 2,000-image **test split**; activations are calibrated on 64 ' +
    'class-balanced train digits; CQ and EBS learn on the 8,000-image train split (CQ checks its ε on 500 balanced train digits). ' +
    `EBS trains ${EBS_STEPS} Adam steps of 64 images per λ here (the page defaults to 200) to keep the whole run under 10 minutes. ` +
    '"Weight-only" = activations left in float. Sizes count the quantized kernels with their scales and bit maps; BitOPs = Σ MACs · b_w · b_a ' +
    '(b_a at each layer\'s activation point, 32 for float — the model output stays float), shown as a fraction of the float model\'s 32 × 32.',
    '',
    'Methods and knobs: ' + METHOD_LIST.map(({ info }) => `**${info.name}** (${info.knob})`).join(', ') + '. See docs/methods.md.',
    '',
    findingsMarkdown(findings),
    ...sections,
  ].join('\n');
  writeFileSync(OUT, doc);
  log(`wrote ${OUT} in ${minutes.toFixed(1)} min`);
}

main().catch((e) => {
  process.stderr.write(`results: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
