import { loadavg } from 'node:os';
import { describe, expect, it } from 'vitest';
import { idleCores, sampleCpus } from './freeCores';

describe('idleCores', () => {
  it('reads the idle share of the window times the cores', () => {
    expect(idleCores({ idle: 1000, total: 4000 }, { idle: 1300, total: 4400 }, 2)).toBeCloseTo(1.5);
    expect(idleCores({ idle: 0, total: 0 }, { idle: 0, total: 400 }, 2)).toBe(0);
  });
  it('counts this process\'s CPU beyond one core (its own early threads) as idle', () => {
    // 2 cores, 400 ms of core time: 100 idle; the process used 300 (its main thread 200, threads 100).
    expect(idleCores({ idle: 0, total: 0, own: 0 }, { idle: 100, total: 400, own: 300 }, 2)).toBeCloseTo(1);
    // Only the main thread busy: nothing extra.
    expect(idleCores({ idle: 0, total: 0, own: 0 }, { idle: 200, total: 400, own: 200 }, 2)).toBeCloseTo(1);
    expect(idleCores({ idle: 0, total: 0, own: 0 }, { idle: 400, total: 400, own: 400 }, 2)).toBe(2);
  });
  it('falls back to cores minus the load average over a window too short to tell', () => {
    const got = idleCores({ idle: 0, total: 0 }, { idle: 10, total: 20 }, 2);
    expect(got).toBe(Math.max(0, 2 - loadavg()[0]));
  });
  it('samples this host: idle within total, both growing', () => {
    const a = sampleCpus();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += i;
    const b = sampleCpus();
    expect(x).toBeGreaterThan(0);
    expect(a.idle).toBeLessThanOrEqual(a.total);
    expect(b.total).toBeGreaterThanOrEqual(a.total);
  });
});
