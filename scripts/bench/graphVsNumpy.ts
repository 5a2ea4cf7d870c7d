/**
 * The CLI's weight analysis of the 11.7M ResNet-18, as a LayersModel and as a GraphModel,
 * against a vectorised NumPy sweep of the same tensors (scripts/bench/numpy_sweep.py: 3
 * closed-form schemes × 7 bit-widths, per tensor and per filter), in the same run and
 * interleaved (NumPy, graph CLI, layers CLI, once per round), so the host's load hits all
 * three alike. The ratio is NumPy's sweep time over the CLI's whole process (start-up, model
 * load, 6-scheme sweep, config write): ≥ 2 is the target. A model given `args` (e.g.
 * `--schemes fixed,dfp,log2`: the very schemes NumPy sweeps) adds a same-work row.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCliAnalyze, type CliRun } from './cliScale';
import { load1 } from './machine';
import { seconds, type Table } from './report';

interface NumpyRun { seconds: number; cpuSeconds: number | null; elements: number; numpy: string }

function numpySweep(modelJson: string, root: string): NumpyRun | string {
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', 'python3', join(root, 'scripts/bench/numpy_sweep.py'), modelJson],
    { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop()!;
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as NumpyRun;
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ...out, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export interface GraphVsNumpy { table: Table; targets: string[][] }

/**
 * `models`: the GraphModel and LayersModel ResNet-18 folders; NumPy sweeps the first one's
 * kernels (the GraphModel's are batch-norm folded: the very tensors the CLI sweeps).
 */
export function graphVsNumpy(
  models: { label: string; format: string; dir: string; args?: string[] }[], root: string, rounds: number,
): GraphVsNumpy {
  const np: NumpyRun[] = [];
  const cli: CliRun[][] = models.map(() => []);
  const loads: string[] = [];
  let npError = '';
  for (let k = 0; k < rounds; k++) {
    loads.push(load1());
    const n = numpySweep(join(models[0].dir, 'model.json'), root);
    if (typeof n === 'string') npError = n;
    else np.push(n);
    console.log(`  numpy round ${k + 1}: ${typeof n === 'string' ? n : `${n.seconds.toFixed(2)} s`}`);
    for (const [i, m] of models.entries()) {
      const r = runCliAnalyze(m.label, join(m.dir, 'model.json'), root, undefined, m.args);
      cli[i].push(r);
      console.log(`  cli ${m.label} round ${k + 1}: ${r.ok ? seconds(r.wallMs) : r.error}`);
    }
  }
  const npWall = np.length ? median(np.map((n) => n.seconds * 1000)) : null;
  const npCpu = np.length && np.every((n) => n.cpuSeconds !== null) ? median(np.map((n) => n.cpuSeconds! * 1000)) : null;
  const rows: string[][] = [];
  const targets: string[][] = [];
  rows.push([`NumPy sweep of ${models[0].label}'s kernels (baseline)`, '', np[0] ? `${(np[0].elements / 1e6).toFixed(2)}M` : '',
    seconds(npWall), seconds(npCpu), '1.00', '1.00', npError ? `failed: ${npError}` : `numpy ${np[0]?.numpy ?? '?'}`]);
  for (const [i, m] of models.entries()) {
    const runs = cli[i].filter((r) => r.ok && r.wallMs !== null);
    const wall = runs.length ? median(runs.map((r) => r.wallMs!)) : null;
    const cpu = runs.length && runs.every((r) => r.cpuMs !== null) ? median(runs.map((r) => r.cpuMs!)) : null;
    const ratio = npWall !== null && wall ? npWall / wall : null;
    const cpuRatio = npCpu !== null && cpu ? npCpu / cpu : null;
    const run = `CLI analyze, ${m.label}${m.args ? ` ${m.args.join(' ')}` : ''}`;
    rows.push([run, m.format, runs[0]?.parameters ? `${(runs[0].parameters / 1e6).toFixed(2)}M` : '',
      seconds(wall), seconds(cpu), ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`, cpuRatio === null ? 'n/a' : `${cpuRatio.toFixed(2)}×`,
      runs.length ? `sweep stage ${seconds(median(runs.map((r) => r.weightStageMs ?? NaN)))}` : (cli[i][0]?.error ?? 'failed')]);
    targets.push([`CLI analyze of the ${m.format} ResNet-18${m.args ? ` (${m.args.join(' ')}: NumPy's schemes)` : ''} ≥ 2× NumPy's sweep (whole process vs sweep only)`,
      ratio === null ? 'n/a' : `${ratio.toFixed(2)}× (${seconds(wall)} vs ${seconds(npWall)}; CPU ${cpuRatio?.toFixed(2) ?? 'n/a'}×)`,
      ratio === null ? 'not measured' : ratio >= 2 ? 'met' : 'MISSED']);
  }
  return {
    targets,
    table: {
      title: 'CLI vs NumPy: weight analysis of the 11.7M ResNet-18, LayersModel and GraphModel',
      note: `Interleaved in one run, ${rounds} round(s), medians; load at each round's start: ${loads.join(', ')}. ` +
        'NumPy: `python3 scripts/bench/numpy_sweep.py <model.json>` (fixed, dfp, log2 at 2..8 bits, per tensor and per filter, ' +
        'vectorised, one thread, sweep only: file reading not timed). CLI: `node bin/quantization-studio.mjs analyze <model.json>` ' +
        '(whole process: start-up, load, sweep of 6 schemes, or of the 3 NumPy sweeps where the row says --schemes, config write; ' +
        '2 sweep threads when a core is idle at start-up, else 1). Ratio = NumPy time / CLI time (> 1: the CLI is faster).',
      columns: ['run', 'format', 'params', 'wall', 'CPU', 'speed vs NumPy (wall)', 'vs NumPy (CPU)', 'detail'],
      rows,
    },
  };
}
