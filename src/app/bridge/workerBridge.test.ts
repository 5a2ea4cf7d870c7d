/**
 * The bridge against a fake worker: a MessageChannel whose far end exposes a tiny API with
 * comlink, so queueing, abort (= terminate + respawn + replay in slot order) and crash
 * handling are tested without a browser. The bridge is typed by the fake's API: no casts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeWorker } from './testingFakeWorker';
import { REPLAY_ORDER, WorkerBridge, isAbortError } from './workerBridge';

function fakeApi(calls: string[]) {
  return {
    init: (r: string) => { calls.push(`init:${r}`); return r; },
    loadDemo: (n: string) => { calls.push(`load:${n}`); return n; },
    loadData: (n: string) => { calls.push(`data:${n}`); return n; },
    slow: () => new Promise<never>(() => undefined),
    echo: (x: number) => x,
  };
}
type FakeApi = ReturnType<typeof fakeApi>;

const started: FakeWorker[] = [];

/** A bridge on fake workers; each worker's calls are recorded in `calls[i]`. */
function bridgeWithWorkers() {
  const workers: FakeWorker[] = [];
  const calls: string[][] = [];
  const bridge = new WorkerBridge<FakeApi>(() => {
    const log: string[] = [];
    const w = new FakeWorker(fakeApi(log));
    workers.push(w);
    calls.push(log);
    started.push(w);
    return w;
  });
  return { bridge, workers, calls };
}

afterEach(() => {
  for (const w of started.splice(0)) w.close();
});

describe('WorkerBridge', () => {
  it('runs jobs in order on one worker', async () => {
    const { bridge, workers } = bridgeWithWorkers();
    const out = await Promise.all([1, 2, 3].map((x) => bridge.run(undefined, (api) => api.echo(x))));
    expect(out).toEqual([1, 2, 3]);
    expect(workers).toHaveLength(1);
  });

  it('now() is answered beside a running job, run() after it; with no worker yet now() queues', async () => {
    const { bridge } = bridgeWithWorkers();
    expect(await bridge.now((api) => api.echo(1))).toBe(1);
    const ctl = new AbortController();
    const stuck = bridge.run(ctl.signal, (api) => api.slow());
    stuck.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    let queued = false;
    void bridge.run(undefined, (api) => api.echo(2)).then(() => { queued = true; }, () => undefined);
    expect(await bridge.now((api) => api.echo(3))).toBe(3);
    expect(queued).toBe(false);
    ctl.abort();
    await expect(stuck).rejects.toSatisfy(isAbortError);
  });

  it('abort terminates the worker; the next job gets a fresh one that replays backend → model → data first', async () => {
    const { bridge, workers, calls } = bridgeWithWorkers();
    // Registered out of order (data, then model, then backend): the replay still runs in slot order.
    bridge.remember('data', (api) => api.loadData('digits'));
    bridge.remember('model', (api) => api.loadDemo('lenet'));
    bridge.remember('backend', (api) => api.init('wasm'));
    expect(bridge.replaySlots()).toEqual(['backend', 'model', 'data']);
    await bridge.run(undefined, (api) => api.echo(0));
    const controller = new AbortController();
    const slow = bridge.run(controller.signal, (api) => api.slow());
    setTimeout(() => controller.abort(), 10);
    await expect(slow).rejects.toSatisfy(isAbortError);
    expect(workers[0].terminated).toBe(true);
    expect(await bridge.run(undefined, (api) => api.echo(7))).toBe(7);
    expect(workers).toHaveLength(2);
    expect(calls[1]).toEqual(['init:wasm', 'load:lenet', 'data:digits']);
    expect(bridge.generation).toBe(2);
  });

  it('a slot holds one step: a new step replaces it, null clears it', async () => {
    const { bridge, calls } = bridgeWithWorkers();
    bridge.remember('model', (api) => api.loadDemo('lenet'));
    bridge.remember('data', (api) => api.loadData('digits'));
    bridge.remember('backend', (api) => api.init('webgpu'));
    bridge.remember('model', (api) => api.loadDemo('resnet'));
    bridge.remember('data', null);
    bridge.remember('backend', (api) => api.init('wasm'));
    expect(bridge.replaySlots()).toEqual(['backend', 'model']);
    await bridge.run(undefined, (api) => api.echo(0));
    bridge.restart();
    await bridge.run(undefined, (api) => api.echo(1));
    expect(calls[1]).toEqual(['init:wasm', 'load:resnet']);
    expect(REPLAY_ORDER).toEqual(['backend', 'model', 'data']);
  });

  it('a job aborted while queued never runs and does not kill the worker', async () => {
    const { bridge, workers } = bridgeWithWorkers();
    const controller = new AbortController();
    controller.abort();
    await expect(bridge.run(controller.signal, (api) => api.echo(1))).rejects.toSatisfy(isAbortError);
    expect(await bridge.run(undefined, (api) => api.echo(2))).toBe(2);
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
  });

  it('a crash rejects the running job, is reported, and the next job runs on a fresh worker', async () => {
    const { bridge, workers } = bridgeWithWorkers();
    const crashes: string[] = [];
    bridge.onCrash = (m) => crashes.push(m);
    const slow = bridge.run(undefined, (api) => api.slow());
    await new Promise((r) => setTimeout(r, 5));
    workers[0].dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'out of memory' }));
    await expect(slow).rejects.toThrow(/worker crashed: out of memory/);
    expect(crashes).toEqual(['out of memory']);
    expect(await bridge.run(undefined, (api) => api.echo(3))).toBe(3);
    expect(workers).toHaveLength(2);
  });
});
