/**
 * Peak memory of the CLI's analysis against the model's size (the memory that
 * grows with the model should stay ≤ 3× the model's weight bytes).
 *
 *   npx tsx scripts/bench/cliMemory.ts                       # every .synthetic/<model>, 3 runs each
 *   npx tsx scripts/bench/cliMemory.ts resnet18 --repeat 5   # some models, more runs
 *   npx tsx scripts/bench/cliMemory.ts --from-source         # the TypeScript sources (tsx), not the bundle
 *
 * Each run is `node bin/quantization-studio.mjs analyze <model.json> --out <tmp>` (weights
 * only, as a user runs it) under /usr/bin/time -v: peak RSS of the whole process, worker
 * threads included. The baseline is the same command on a tiny model (public/models/lenet,
 * 88 k parameters): Node, the bundle or tsx, tfjs and its backend. It runs on one thread,
 * so it is also run with --threads 2 (the big models' sweep threads; their fixed cost is
 * the difference). Reported per model, medians over the runs:
 *   growth = peak − baseline,  ratio = growth / weight bytes (sum of the shard files).
 * Wall time is printed beside them; on a shared machine it follows the load average more
 * than the code (the load is printed too). Synthetic models: scripts/make-synthetic-resnet.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SYNTH = join(ROOT, '.synthetic');
const TINY = join(ROOT, 'public/models/lenet/model.json');
const TIME = '/usr/bin/time';
const MiB = 2 ** 20;

export interface MemoryRun {
  ok: boolean;
  error?: string;
  peakRssBytes: number;
  wallMs: number;
  /** 'bundle' or 'sources', as the launcher reported it. */
  ran: string;
}

/** One CLI analysis of modelJson under /usr/bin/time -v. */
export function runAnalyze(modelJson: string, opts: { threads?: number; fromSource?: boolean } = {}): MemoryRun {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed for the peak RSS (GNU time)`);
  const out = mkdtempSync(join(tmpdir(), 'qs-mem-'));
  const args = ['-v', process.execPath, join(ROOT, 'bin/quantization-studio.mjs'), 'analyze', modelJson,
    '--out', join(out, 'config.json'), ...(opts.threads ? ['--threads', String(opts.threads)] : [])];
  const env = { ...process.env, QS_DEBUG: '1', QS_FROM_SOURCE: opts.fromSource ? '1' : '' };
  const r = spawnSync(TIME, args, { cwd: ROOT, encoding: 'utf8', env, timeout: 600_000, maxBuffer: 64 * MiB });
  rmSync(out, { recursive: true, force: true });
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const grab = (re: RegExp) => re.exec(text)?.[1];
  const rss = grab(/Maximum resident set size \(kbytes\): (\d+)/);
  const clock = grab(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/);
  const ok = r.status === 0 && rss !== undefined;
  return {
    ok,
    error: ok ? undefined : (text.split('\n').find((l) => l.startsWith('quantization-studio:')) ?? `exit ${r.status}`).trim(),
    peakRssBytes: Number(rss ?? 0) * 1024,
    wallMs: (clock ?? '0').split(':').map(Number).reduce((a, p) => a * 60 + p, 0) * 1000,
    ran: /running the bundle/.test(text) ? 'bundle' : /TypeScript sources/.test(text) ? 'sources' : '?',
  };
}

/** Bytes of the weight files model.json lists (the model's weight bytes). */
export function weightBytes(modelJson: string): number {
  const json = JSON.parse(readFileSync(modelJson, 'utf8')) as { weightsManifest?: { paths: string[] }[] };
  const paths = new Set((json.weightsManifest ?? []).flatMap((g) => g.paths));
  return [...paths].reduce((a, p) => a + statSync(join(dirname(modelJson), p)).size, 0);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Summary { peak: number; peakMin: number; peakMax: number; wallMs: number; ran: string }

function repeat(label: string, n: number, run: () => MemoryRun): Summary {
  const runs: MemoryRun[] = [];
  for (let i = 0; i < n; i++) {
    const r = run();
    if (!r.ok) throw new Error(`${label}: ${r.error}`);
    runs.push(r);
    process.stderr.write(`  ${label} run ${i + 1}/${n}: ${(r.peakRssBytes / MiB).toFixed(0)} MiB, ${(r.wallMs / 1000).toFixed(2)} s (${r.ran}, load ${loadavg()[0].toFixed(2)})\n`);
  }
  const peaks = runs.map((r) => r.peakRssBytes);
  return {
    peak: median(peaks), peakMin: Math.min(...peaks), peakMax: Math.max(...peaks),
    wallMs: median(runs.map((r) => r.wallMs)), ran: [...new Set(runs.map((r) => r.ran))].join('+'),
  };
}

function main(): void {
  const argv = process.argv.slice(2);
  const repeatAt = argv.indexOf('--repeat');
  const n = repeatAt >= 0 ? Math.max(1, Number(argv[repeatAt + 1]) || 1) : 3;
  const fromSource = argv.includes('--from-source');
  const wanted = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--repeat');
  const names = existsSync(SYNTH)
    ? readdirSync(SYNTH).filter((d) => existsSync(join(SYNTH, d, 'model.json')) && (wanted.length === 0 || wanted.includes(d))).sort()
    : [];
  if (names.length === 0) {
    console.error(`no synthetic models in ${SYNTH}${wanted.length ? ` named ${wanted.join(', ')}` : ''}: npx tsx scripts/make-synthetic-resnet.ts`);
    process.exit(1);
  }
  const opts = { fromSource };
  const base1 = repeat('baseline (lenet, 1 thread)', n, () => runAnalyze(TINY, { ...opts, threads: 1 }));
  const base2 = repeat('baseline (lenet, 2 threads)', n, () => runAnalyze(TINY, { ...opts, threads: 2 }));
  const mib = (b: number) => (b / MiB).toFixed(0);
  const rows = [['model', 'weights MiB', 'peak MiB (min–max)', 'growth MiB', 'growth / weights', 'vs 2-thread base', 'wall s']];
  rows.push(['baseline lenet ×1 thread', '', `${mib(base1.peak)} (${mib(base1.peakMin)}–${mib(base1.peakMax)})`, '', '', '', (base1.wallMs / 1000).toFixed(2)]);
  rows.push(['baseline lenet ×2 threads', '', `${mib(base2.peak)} (${mib(base2.peakMin)}–${mib(base2.peakMax)})`, '', '', '', (base2.wallMs / 1000).toFixed(2)]);
  for (const name of names) {
    const modelJson = join(SYNTH, name, 'model.json');
    const bytes = weightBytes(modelJson);
    const s = repeat(name, n, () => runAnalyze(modelJson, opts));
    rows.push([name, (bytes / MiB).toFixed(1), `${mib(s.peak)} (${mib(s.peakMin)}–${mib(s.peakMax)})`, mib(s.peak - base1.peak),
      ((s.peak - base1.peak) / bytes).toFixed(2), ((s.peak - base2.peak) / bytes).toFixed(2), (s.wallMs / 1000).toFixed(2)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`CLI analyze peak RSS, ${n} run(s) each (medians), ${base1.ran}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

main();
