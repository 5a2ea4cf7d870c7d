/**
 * The machine a benchmark ran on, and how busy it was: on a shared 2-core box the load
 * average decides wall-clock figures more than the code does, so every report carries it,
 * and CPU-time figures (less sensitive to contention) are printed next to wall-clock ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  chromium: string;
  os: string;
  date: string;
  /** The commit measured (short hash), with "+ uncommitted changes" when the tree differs from it. */
  commit: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux: fall through to os.cpus()
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

function chromiumVersion(): string {
  if (!existsSync(CHROMIUM)) return `not found at ${CHROMIUM}`;
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
  } catch (e) {
    return `unknown (${(e as Error).message.split('\n')[0]})`;
  }
}

function osName(): string {
  try {
    const pretty = readFileSync('/etc/os-release', 'utf8').split('\n').find((l) => l.startsWith('PRETTY_NAME='));
    if (pretty) return pretty.slice(13).replace(/"/g, '');
  } catch {
    // fall through
  }
  return process.platform;
}

export function describeMachine(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion(),
    os: osName(),
    date: new Date().toISOString(),
    commit: gitCommit(),
  };
}

/** HEAD's short hash, marked when the working tree has uncommitted changes; 'unknown' outside git. */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

/** 1-minute load average, e.g. "1.93". */
export function load1(): string {
  return loadavg()[0].toFixed(2);
}

/**
 * A fixed scalar float loop (2·10⁸ multiply-adds) timed now: a "machine speed" reading to
 * put next to results taken at the same moment (it slows down when others load the box).
 */
export function speedProbeMs(): number {
  const t0 = performance.now();
  let acc = 0;
  let x = 0.5;
  for (let i = 0; i < 200_000_000; i++) {
    x = x * 0.9999999 + 1e-9;
    acc += x;
  }
  if (acc === 42) console.log('');
  return performance.now() - t0;
}

/** Wall and CPU (user + system, this process, all threads) time of an async job. */
export async function measure<T>(job: () => Promise<T> | T): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await job();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}
