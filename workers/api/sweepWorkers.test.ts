/** How many sweep workers the page starts: none for small models or one core, one per core up to the cap. */
import { describe, expect, it } from 'vitest';
import { MAX_SWEEP_WORKERS, SWEEP_WORKERS_MIN_PARAMS, sweepWorkerCount } from './sweepWorkers';

describe('sweepWorkerCount', () => {
  it('starts none below the size threshold or on one core, else one per core up to the cap', () => {
    expect(sweepWorkerCount(SWEEP_WORKERS_MIN_PARAMS - 1, 8)).toBe(0);
    expect(sweepWorkerCount(25_600_000, 1)).toBe(0);
    expect(sweepWorkerCount(25_600_000, Number.NaN)).toBe(0);
    expect(sweepWorkerCount(SWEEP_WORKERS_MIN_PARAMS, 2)).toBe(2);
    expect(sweepWorkerCount(25_600_000, 3)).toBe(3);
    expect(sweepWorkerCount(25_600_000, 64)).toBe(MAX_SWEEP_WORKERS);
  });
});
