/**
 * The shared sweep pool's queue and failure handling, on endpoints that answer in this
 * thread with the real job function (src/model/sweepJob.ts); the CLI's test
 * (src/cli/parallelSweep.test.ts) runs it on real worker threads, e2e/analysisPreview.spec.ts
 * on the page's sweep workers.
 */
import { describe, expect, it } from 'vitest';
import { WirePacker, unpackConfig } from '../quant/configWire';
import { mulberry32 } from '../quant/random';
import { sweepWeights } from '../quant/sweep';
import { sweepInProcess } from './analyze';
import { answerSweepJob, type SweepJob, type SweepReply } from './sweepJob';
import { costOrder, sweepPool, type SweepEndpoint } from './sweepPool';

function layer(name: string, n: number, filters: number, seed: number) {
  const rand = mulberry32(seed);
  // Views into a larger buffer, as the page's layers are: copied for each job, never lent.
  const buf = new Float32Array(n + 8);
  for (let i = 0; i < buf.length; i++) buf[i] = rand() * 2 - 1;
  return { name, filters, weights: buf.subarray(4, 4 + n) };
}
const layers = () => [layer('a', 4096, 16, 1), layer('b', 512, 8, 2), layer('c', 1152, 64, 3), layer('d', 2048, 32, 4)];

/** A worker in this thread; `dieOnJob` makes it fail instead of answering its n-th job, after `delayMs`. */
function endpoint(opts: { dieOnJob?: number; delayMs?: number } = {}) {
  let jobs = 0;
  let reply: (r: SweepReply) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const ep: SweepEndpoint = {
    post(job: SweepJob) {
      jobs++;
      const n = jobs;
      if (n === opts.dieOnJob) setTimeout(() => fail(new Error('worker died')), opts.delayMs ?? 0);
      else setTimeout(() => reply(answerSweepJob(job).reply), 0);
    },
    listen(onReply, onFail) {
      reply = onReply;
      fail = onFail;
    },
  };
  return { ep, jobs: () => jobs };
}

function workers(ready: Promise<SweepEndpoint>[]) {
  let closed = 0;
  return { w: { ready, close: () => { closed++; } }, closed: () => closed };
}

describe('sweepPool', () => {
  it('orders the queue by cost, largest first, ties by index', () => {
    expect(costOrder([5, 9, 5, 1])).toEqual([1, 0, 2, 3]);
  });

  it('gives the in-process sweeps, packed tables unpacking to the same numbers, and closes the workers', async () => {
    const ls = layers();
    const want = await sweepInProcess(ls, {}, () => {});
    const { w, closed } = workers([Promise.resolve(endpoint().ep), Promise.resolve(endpoint().ep)]);
    const packer = new WirePacker();
    let done = 0;
    const { runner, state } = sweepPool(w, { pack: true, onSwept: (_i, _s, packed) => packer.addPacked(packed!) });
    const got = await runner(ls, {}, () => done++);
    expect(done).toBe(ls.length);
    expect(closed()).toBe(1);
    expect(state).toEqual({ failure: null, fallbackLayers: 0 });
    got.forEach((g, i) => {
      expect(g.weightsPerFilter).toEqual({});
      expect(g.weights).toEqual(want[i].weights);
    });
    const config = { layers: got.map((s) => ({ sweep: s })) } as never;
    const unpacked = unpackConfig({ config, chunks: packer.chunks, rows: packer.rows }) as unknown as { layers: { sweep: { weightsPerFilter: unknown } }[] };
    unpacked.layers.forEach((l, i) => expect(l.sweep.weightsPerFilter).toEqual(want[i].weightsPerFilter));
  });

  it('hands a dead worker\'s layer to the other and says what failed', async () => {
    const ls = layers();
    const want = await sweepInProcess(ls, {}, () => {});
    const dying = endpoint({ dieOnJob: 1 });
    const healthy = endpoint();
    const { w } = workers([Promise.resolve(dying.ep), Promise.reject(new Error('no nested workers')), Promise.resolve(healthy.ep)]);
    const { runner, state } = sweepPool(w);
    const got = await runner(ls, {}, () => {});
    expect(got).toEqual(want);
    expect(healthy.jobs()).toBe(ls.length);
    expect(state.failure).toMatch(/worker died|no nested workers/);
    expect(state.fallbackLayers).toBe(0);
  });

  it('wakes a worker that ran out of work when another dies with a layer', async () => {
    const ls = layers().slice(0, 2);
    const want = await sweepInProcess(ls, {}, () => {});
    const late = endpoint({ dieOnJob: 1, delayMs: 50 });
    const quick = endpoint();
    const { w } = workers([Promise.resolve(late.ep), Promise.resolve(quick.ep)]);
    const { runner, state } = sweepPool(w);
    // quick sweeps its layer and finds the queue empty; late dies 50 ms later with the other.
    expect(await runner(ls, {}, () => {})).toEqual(want);
    expect(quick.jobs()).toBe(2);
    expect(state.failure).toBe('worker died');
  });

  it('sweeps what is left in this thread when every worker failed, or fails without a fallback', async () => {
    const ls = layers();
    const want = await sweepInProcess(ls, {}, () => {});
    const a = workers([Promise.resolve(endpoint({ dieOnJob: 1 }).ep), Promise.reject(new Error('blocked'))]);
    const withFallback = sweepPool(a.w, { fallback: sweepWeights });
    expect(await withFallback.runner(ls, {}, () => {})).toEqual(want);
    expect(withFallback.state.fallbackLayers).toBe(ls.length);
    const b = workers([Promise.reject(new Error('blocked'))]);
    await expect(sweepPool(b.w).runner(ls, {}, () => {})).rejects.toThrow(/sweep workers failed: blocked/);
    expect(b.closed()).toBe(1);
  });

  it('ends with the sweep\'s own error (bad weights), and with AbortError on abort', async () => {
    const bad = layers();
    bad[2].weights[5] = Number.NaN;
    const { w } = workers([Promise.resolve(endpoint().ep)]);
    await expect(sweepPool(w).runner(bad, {}, () => {})).rejects.toThrow(/NaN/);
    const ac = new AbortController();
    const c = workers([Promise.resolve(endpoint().ep)]);
    const run = sweepPool(c.w).runner(layers(), {}, () => ac.abort(), ac.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(c.closed()).toBe(1);
  });
});
