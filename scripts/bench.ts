/**
 * `npm run bench`: performance and scale figures of the studio, printed as tables and
 * written into docs/performance.md (generated section). Never a test: nothing is asserted.
 *
 *   npm run bench                     # everything (≈ 10–20 min on 2 cores)
 *   npm run bench -- --quick          # small models only, no 25M CLI run
 *   npm run bench -- --skip-browser --skip-cli --no-doc
 *   npm run bench -- --skip-node --skip-cli --skip-kernel --skip-worker   # only page open → analysis + browser scale
 *   npm run bench -- --skip-browser-scale   # everything but the synthetic ResNets in the page (the longest browser part)
 *   npm run bench -- --skip-node --skip-cli --skip-browser --numpy-rounds 3   # only CLI (GraphModel, LayersModel) vs NumPy
 *   npm run bench -- --skip-numpy      # without the NumPy comparison
 *   npm run bench -- --skip-curve      # without the uniform curve on the 30-layer GraphModel (--curve-before-points k: old loop on k points)
 *   npm run bench -- --gpu             # only the fused kernel on a real GPU from Node (needs `npm i --no-save webgpu@0.6.2`), < 5 min
 *   npm run bench -- --skip-node --skip-cli --skip-browser --skip-numpy   # only ONNX vs tfjs on the demo LeNet (--skip-onnx leaves it out)
 * A partial run replaces only the tables it measured in docs/performance.md.
 *
 * Sections: (a) Node — sweepWeights throughput, the CLI's full analysis of the synthetic
 * ResNets (time, CPU, peak RSS, linearity); (b) headless Chromium — fused GPU kernel vs CPU
 * twin, per-backend worker timings, page open → first analysis, the synthetic ResNets loaded and
 * swept in the page's worker on wasm (time, renderer memory; --quick: the two smallest).
 * Targets are checked last.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeMachine, load1, speedProbeMs } from './bench/machine';
import { fmt, machineMarkdown, na, printTable, seconds, tablesMarkdown, writePerformanceDoc, type Table } from './bench/report';
import { loadLayers, perSchemeCpuMs, shardBytes, sweepRun, type ModelDir } from './bench/nodeSweep';
import { runCliAnalyze } from './bench/cliScale';
import { browserTables } from './bench/browserTables';
import { browserScaleTable } from './bench/browserScale';
import { SYNTHETIC_RESNETS } from './bench/resnetTopology';
import { writeSyntheticResNet } from './make-synthetic-resnet';
import { graphName, writeSyntheticResNetGraph } from './bench/resnetGraph';
import { graphVsNumpy } from './bench/graphVsNumpy';
import { GpuUnavailable, gpuNodeTable } from './bench/gpuNode';
import { curveBench } from './bench/curveBench';
import { PERFORMANCE_SKELETON } from './bench/docSkeleton';
import { linearFit } from './bench/linearFit';
import { onnxVsTfjsTable } from './bench/onnxVsTfjs';

const argv = process.argv.slice(2);
const flag = (f: string) => argv.includes(f);
const opt = (f: string, d: number) => (argv.includes(f) ? Number(argv[argv.indexOf(f) + 1]) : d);
const QUICK = flag('--quick');
const CALIBRATION = opt('--calibration', 256);
const ROOT = process.cwd();
const SYNTH = resolve(ROOT, '.synthetic');

function demoModels(): ModelDir[] {
  const dir = resolve(ROOT, 'public/models');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((d) => existsSync(join(dir, d, 'model.json'))).map((d) => ({ name: d, dir: join(dir, d) }));
}

async function ensureSynthetic(names: string[]): Promise<void> {
  for (const spec of SYNTHETIC_RESNETS.filter((s) => names.includes(s.name))) {
    if (!existsSync(join(SYNTH, spec.name, 'model.json'))) await writeSyntheticResNet(spec, SYNTH, 1);
    if (spec.name === 'resnet18' && !existsSync(join(SYNTH, graphName(spec), 'model.json'))) writeSyntheticResNetGraph(spec, SYNTH, 1);
  }
}

async function nodeSweepTables(): Promise<Table[]> {
  const models = [...demoModels(), ...['resnet-1m', ...(QUICK ? [] : ['resnet18'])].map((n) => ({ name: n, dir: join(SYNTH, n) }))];
  const rows: string[][] = [];
  let breakdown: Table | null = null;
  for (const m of models) {
    const { layers, loadMs } = await loadLayers(m.dir);
    const load = load1();
    const r = await sweepRun(m.name, layers);
    rows.push([m.name, String(r.layers), fmt(r.weights), String(r.configs), seconds(r.wallMs), seconds(r.cpuMs),
      fmt(r.throughputCpu), fmt(r.throughputWall), seconds(loadMs), load]);
    console.log(`  node sweep ${m.name}: ${seconds(r.cpuMs)} CPU`);
    if (m.name === 'resnet-1m') {
      const per = await perSchemeCpuMs(layers);
      const total = Object.values(per).reduce((a, b) => a + b, 0);
      breakdown = {
        title: 'Node: sweep CPU time per scheme (resnet-1m, single thread)',
        note: 'Which scheme dominates the sweep (7 bits × per tensor + per filter each).',
        columns: ['scheme', 'CPU time', 'share', 'element·configs/s (CPU)'],
        rows: Object.entries(per).map(([s, ms]) => [s, seconds(ms), `${((100 * ms) / total).toFixed(0)}%`, fmt((r.weights * 14) / (ms / 1000))]),
      };
    }
  }
  const main: Table = {
    title: 'Node: weight-sweep throughput (src/quant sweepWeights, single thread)',
    note: 'configs = 6 schemes × 7 bit-widths × {per tensor, per filter}; throughput = weights × configs / s. ' +
      'CPU-time throughput is the contention-robust figure; load = 1-min load average when the run started.',
    columns: ['model', 'layers', 'weights', 'configs', 'wall', 'CPU', 'elem·cfg/s (CPU)', 'elem·cfg/s (wall)', 'model load', 'load'],
    rows,
  };
  return breakdown ? [main, breakdown] : [main];
}

function cliTables(): { tables: Table[]; resnet18Ms: number | null } {
  const names = QUICK ? ['resnet-1m', 'resnet-4m', 'resnet18'] : SYNTHETIC_RESNETS.map((s) => s.name);
  const rows: string[][] = [];
  let ref: { msPerM: number; rssPerByte: number } | null = null;
  let resnet18Ms: number | null = null;
  const points: { params: number; bytes: number; wallMs: number; rss: number | null }[] = [];
  for (const name of names) {
    const dir = join(SYNTH, name);
    const bytes = shardBytes(dir);
    const load = load1();
    const r = runCliAnalyze(name, join(dir, 'model.json'), ROOT);
    console.log(`  cli ${name}: ${r.ok ? seconds(r.wallMs) : r.error}`);
    if (!r.ok || r.wallMs === null) {
      rows.push([name, fmt(bytes / 4), na(r.error ?? 'failed'), '', '', '', '', '', '', load]);
      continue;
    }
    const params = r.parameters ?? bytes / 4;
    const msPerM = r.wallMs / (params / 1e6);
    const rssPerByte = r.peakRssBytes ? r.peakRssBytes / bytes : NaN;
    points.push({ params, bytes, wallMs: r.wallMs, rss: r.peakRssBytes });
    if (name === 'resnet18') {
      ref = { msPerM, rssPerByte };
      resnet18Ms = r.wallMs;
    }
    rows.push([name, fmt(params), seconds(r.wallMs), seconds(r.cpuMs), seconds(r.weightStageMs),
      `${(msPerM / 1000).toFixed(2)} s`, '', r.peakRssBytes ? `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB` : 'n/a',
      Number.isFinite(rssPerByte) ? `${rssPerByte.toFixed(1)}×` : 'n/a', load]);
  }
  if (ref) for (const row of rows) if (row[5]?.endsWith(' s')) row[6] = `${(Number(row[5].slice(0, -2)) * 1000 / ref.msPerM).toFixed(2)}`;
  const fitTime = linearFit(points.map((p) => [p.params / 1e6, p.wallMs / 1000]));
  const fitRss = linearFit(points.filter((p) => p.rss !== null).map((p) => [p.bytes / 2 ** 20, p.rss! / 2 ** 20]));
  const fits = [
    fitTime ? `wall ≈ ${fitTime.a.toFixed(2)} s + ${fitTime.b.toFixed(2)} s per 1M parameters (R² ${fitTime.r2.toFixed(3)})` : '',
    fitRss ? `peak RSS ≈ ${fitRss.a.toFixed(0)} MiB + ${fitRss.b.toFixed(2)} × model bytes (R² ${fitRss.r2.toFixed(3)})` : '',
  ].filter(Boolean).join('; ');
  return {
    resnet18Ms,
    tables: [{
      title: 'CLI: full weight analysis of the synthetic ResNets (`node bin/quantization-studio.mjs analyze <model.json> --out …`)',
      note: 'Start-up, model load, 2-thread sweep and JSON write included (/usr/bin/time -v). Linear scaling ⇔ the ' +
        '"vs resnet18" column (time per parameter relative to resnet18) stays ≈ 1; memory target: peak ≤ 3× model bytes.' +
        (fits ? ` Least-squares fits over the series: ${fits}.` : ''),
      columns: ['model', 'params', 'wall', 'CPU', 'sweep stage', 'wall per 1M params', 'vs resnet18', 'peak RSS', 'peak / model bytes', 'load'],
      rows,
    }],
  };
}


/** `--gpu`: the GPU table only (scripts/bench/gpuNode.ts); exit 2 with the reason when there is no GPU. */
async function gpuOnly(): Promise<void> {
  try {
    const t = await gpuNodeTable();
    t.measured = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load ${load1()}`;
    printTable(t);
    if (!flag('--no-doc')) {
      writePerformanceDoc(resolve(ROOT, 'docs/performance.md'), `${machineMarkdown(describeMachine())}\n\n${tablesMarkdown([t])}`, PERFORMANCE_SKELETON);
      console.log('\nwrote docs/performance.md');
    }
  } catch (e) {
    if (!(e instanceof GpuUnavailable)) throw e;
    console.error(`bench --gpu: ${e.message}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  if (flag('--gpu')) return gpuOnly();
  const machine = describeMachine();
  console.log(`${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${machine.chromium}; load ${load1()}`);
  const probeMs = speedProbeMs();
  await ensureSynthetic(QUICK ? ['resnet-1m', 'resnet-4m', 'resnet18'] : SYNTHETIC_RESNETS.map((s) => s.name));
  const tables: Table[] = [];
  const targets: string[][] = [];
  if (!flag('--skip-node')) tables.push(...(await nodeSweepTables()));
  if (!flag('--skip-onnx')) tables.push(await onnxVsTfjsTable());
  let resnet18Ms: number | null = null;
  if (!flag('--skip-cli')) {
    const c = cliTables();
    tables.push(...c.tables);
    resnet18Ms = c.resnet18Ms;
  }
  if (!flag('--skip-numpy')) {
    const v = graphVsNumpy([
      { label: 'resnet18-graph', format: 'GraphModel', dir: join(SYNTH, 'resnet18-graph') },
      { label: 'resnet18-graph', format: 'GraphModel', dir: join(SYNTH, 'resnet18-graph'), args: ['--schemes', 'fixed,dfp,log2'] },
      { label: 'resnet18', format: 'LayersModel', dir: join(SYNTH, 'resnet18') },
    ], ROOT, opt('--numpy-rounds', QUICK ? 1 : 3));
    tables.push(v.table);
    targets.push(...v.targets);
  }
  if (!flag('--skip-curve')) {
    const c = await curveBench(opt('--curve-before-points', 2), (l) => console.log(l));
    const est = c.beforeEstimated ? ' (est.: old loop timed on 2 points, per point × the rest)' : '';
    tables.push({
      title: 'Curve: uniform, 7 budgets, 30-layer GraphModel without matching data (Node, wasm)',
      note: `${c.layers} layers, ${(c.parameters / 1e6).toFixed(2)}M parameters, ${c.images} synthetic images in batches of ${c.batch}, ` +
        `backend ${c.backend}; analysis outside the timing. Before: each budget in list order, weights-only + full pass on every image, ` +
        'points returned at the end. After: src/model/curve.ts (ends then bisection, full pass only, preview round on the first quarter, each point streamed; ' +
        'a final figure stops at half or three quarters of the images once precise enough: agreement within ±2.5 points and output SQNR within ±0.5 dB at 97.5 %). ' +
        'This model gives every synthetic image the same class, so its agreement has no signal and the output SQNR interval decides. `npx tsx scripts/bench/curveBench.ts`.',
      columns: ['run', 'first point', 'whole curve (preview)', 'whole curve (final)', 'speed-up (final)', 'images per final point'],
      rows: [
        ['before', seconds(c.beforePointMs), 'none', `${seconds(c.beforeMs)}${est}`, '1.00', `${c.images} each`],
        ['after', seconds(c.afterFirstPointMs), seconds(c.afterPreviewMs), seconds(c.afterMs), `${(c.beforeMs / c.afterMs).toFixed(2)}×`, c.finalImages.join(', ')],
      ],
    });
    const first = c.afterPreviewMs ?? c.afterMs;
    targets.push(['uniform curve, 30-layer 3.5M-class model, no data ≤ 60 s (439 s before)',
      `whole curve previewed in ${seconds(c.afterPreviewMs)}, final ${seconds(c.afterMs)} on ${c.finalImages.join('/')} of ${c.images} images (before ${seconds(c.beforeMs)})`,
      first <= 60_000 ? (c.afterMs <= 60_000 ? 'met' : 'met for the preview, not the final figures') : 'MISSED']);
  }
  targets.push(['CLI weight analysis of the 11.7M ResNet-18 < 5 s', resnet18Ms === null ? 'n/a' : seconds(resnet18Ms),
    resnet18Ms === null ? 'not measured' : resnet18Ms < 5000 ? 'met' : 'MISSED']);
  if (!flag('--skip-browser')) {
    const parts = { kernel: !flag('--skip-kernel'), worker: !flag('--skip-worker'), firstOpen: !flag('--skip-first-open') };
    if (parts.kernel || parts.worker || parts.firstOpen) {
      const b = await browserTables({ quick: QUICK, calibration: CALIBRATION, ...parts });
      tables.push(...b.tables);
      targets.push(...b.targets);
    }
    if (!flag('--skip-browser-scale')) {
      const names = QUICK ? ['resnet-1m', 'resnet-4m'] : SYNTHETIC_RESNETS.map((s) => s.name);
      const s = await browserScaleTable(names.map((n) => ({ name: n, dir: join(SYNTH, n) })));
      tables.push(s.table);
      targets.push(...s.targets);
    }
  }
  const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load ${load1()}`;
  for (const t of tables) t.measured ??= stamp;
  tables.push({ title: 'Targets', note: 'Targets not measured in this run keep "not measured"; see the tables above for older figures.', columns: ['target', 'measured', 'status'], rows: targets, measured: stamp });
  for (const t of tables) printTable(t);
  const extra = [`Speed probe (2·10⁸ scalar multiply-adds) at the start: ${seconds(probeMs)}; 1-min load average at the end: ${load1()}.`];
  if (!flag('--no-doc')) {
    writePerformanceDoc(resolve(ROOT, 'docs/performance.md'), `${machineMarkdown(machine, extra)}\n\n${tablesMarkdown(tables)}`, PERFORMANCE_SKELETON);
    console.log('\nwrote docs/performance.md');
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
