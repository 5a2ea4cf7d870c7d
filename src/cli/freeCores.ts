/**
 * How many cores the host leaves idle, measured over a stretch of the CLI's own start-up:
 * the default sweep thread count depends on it. On a busy shared host a second sweep
 * thread buys no wall time — the scheduler gives each session (autogroup) its share
 * however many threads it runs — and costs CPU: ResNet-18 GraphModel analysis at load
 * 13–15 took 4.3–5.0 s CPU / 11.7–18.2 s wall on one sweep thread against 6.6–7.0 s CPU /
 * 18.0–24.0 s wall on two (docs/performance.md). With a core idle, two threads halve the
 * sweep's wall time.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';

export interface CpuSample {
  /** Idle and total CPU time summed over all cores, in ms. */
  idle: number;
  total: number;
  /** This process's own CPU time (every thread), in ms; absent: not counted apart. */
  own?: number;
}

export function sampleCpus(): CpuSample {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  const { user, system } = process.cpuUsage();
  return { idle, total, own: (user + system) / 1000 };
}

/** A window shorter than this per core (ms) says too little; the load average decides. */
const MIN_WINDOW_MS = 100;

/**
 * Idle cores between two samples (0 … cores), or, over a window too short to tell, cores
 * minus the 1-minute load average (floored at 0). Our own busy main thread is not idle,
 * so an otherwise idle 2-core host reads ≈ 1. This process's CPU beyond one core (its
 * sweep threads starting up early) counts as idle: those threads are what the answer is for.
 */
export function idleCores(from: CpuSample, to: CpuSample, cores = availableParallelism()): number {
  const dt = to.total - from.total;
  if (dt < MIN_WINDOW_MS * cores) return Math.max(0, cores - loadavg()[0]);
  const ownExtra = from.own !== undefined && to.own !== undefined ? Math.max(0, to.own - from.own - dt / cores) : 0;
  return Math.min(cores, (cores * (to.idle - from.idle + ownExtra)) / dt);
}

/** Idle cores a second sweep thread needs to be worth starting. */
export const IDLE_FOR_SECOND_THREAD = 0.5;
