/**
 * The CLI's full analysis of the synthetic ResNets (weights only), as a user runs it:
 * `node bin/quantization-studio.mjs analyze <model.json> --out <tmp>`, start-up included,
 * under /usr/bin/time -v for wall, CPU and peak resident memory (the whole process, all
 * worker threads). Linear scaling is checked as time per million parameters and peak
 * memory per model byte.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface CliRun {
  model: string;
  ok: boolean;
  error?: string;
  wallMs: number | null;
  cpuMs: number | null;
  peakRssBytes: number | null;
  /** "weights: N layers in X ms" as the CLI reports it. */
  weightStageMs: number | null;
  parameters: number | null;
}

const TIME = '/usr/bin/time';

function parseClock(s: string): number {
  // h:mm:ss or m:ss.ss
  const parts = s.trim().split(':').map(Number);
  return parts.reduce((a, p) => a * 60 + p, 0) * 1000;
}

let bundleBuilt = false;

export function runCliAnalyze(
  model: string, modelJson: string, root = process.cwd(), timeoutMs = 600_000, extraArgs: readonly string[] = [],
): CliRun {
  // Time what `npm install` gives a user: the bundled CLI, rebuilt from the current sources
  // (a stale bundle would make the launcher fall back to tsx: ≈ 1 s slower, +90 MiB).
  if (!bundleBuilt) {
    spawnSync(process.execPath, [resolve(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'ignore' });
    bundleBuilt = true;
  }
  const out = mkdtempSync(join(tmpdir(), 'qs-bench-'));
  const cli = resolve(root, 'bin/quantization-studio.mjs');
  const useTime = existsSync(TIME);
  const cmd = useTime ? TIME : process.execPath;
  const args = [...(useTime ? ['-v', process.execPath] : []), cli, 'analyze', modelJson, '--out', join(out, 'config.json'), ...extraArgs];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 2 ** 20 });
  const wall = performance.now() - t0;
  rmSync(out, { recursive: true, force: true });
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const grab = (re: RegExp) => re.exec(text)?.[1];
  const user = grab(/User time \(seconds\): ([\d.]+)/);
  const sys = grab(/System time \(seconds\): ([\d.]+)/);
  const rss = grab(/Maximum resident set size \(kbytes\): (\d+)/);
  const clock = grab(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/);
  const stage = grab(/weights: \d+ layers in (\d+) ms/);
  const params = grab(/model: .*?\(.*?, ([\d,]+) parameters/);
  const ok = r.status === 0;
  return {
    model, ok,
    error: ok ? undefined : (r.error?.message ?? (text.split('\n').find((l) => l.includes('quantization-studio:')) || `exit ${r.status}`)).trim(),
    wallMs: clock ? parseClock(clock) : wall,
    cpuMs: user && sys ? (Number(user) + Number(sys)) * 1000 : null,
    peakRssBytes: rss ? Number(rss) * 1024 : null,
    weightStageMs: stage ? Number(stage) : null,
    parameters: params ? Number(params.replace(/,/g, '')) : null,
  };
}
