/**
 * The bridge against a fake worker: a MessageChannel whose far end exposes a tiny API with
 * comlink, so queueing, abort (= terminate + respawn + replay) and crash handling are
 * tested without a browser.
 */
import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerBridge, isAbortError, type Api } from './workerBridge';

interface FakeWorker extends EventTarget {
  postMessage(m: unknown, t?: Transferable[]): void;
  terminate(): void;
  terminated: boolean;
  calls: string[];
}

const channels: MessageChannel[] = [];

function fakeWorker(): FakeWorker {
  const ch = new MessageChannel();
  channels.push(ch);
  const calls: string[] = [];
  const api = {
    init: (r: string) => { calls.push(`init:${r}`); return r; },
    loadDemo: (n: string) => { calls.push(`load:${n}`); return n; },
    slow: () => new Promise(() => undefined),
    echo: (x: number) => x,
  };
  expose(api, ch.port2);
  const target = new EventTarget() as FakeWorker;
  target.calls = calls;
  target.terminated = false;
  target.postMessage = (m, t) => ch.port1.postMessage(m, t ?? []);
  target.terminate = () => { target.terminated = true; ch.port1.close(); ch.port2.close(); };
  ch.port1.addEventListener('message', (e) => target.dispatchEvent(new MessageEvent('message', { data: (e as MessageEvent).data })));
  ch.port1.start();
  return target;
}

type FakeApi = { init(r: string): Promise<string>; loadDemo(n: string): Promise<string>; slow(): Promise<never>; echo(x: number): Promise<number> };
const as = (api: Api) => api as unknown as FakeApi;

afterEach(() => {
  for (const ch of channels.splice(0)) { ch.port1.close(); ch.port2.close(); }
});

describe('WorkerBridge', () => {
  it('runs jobs in order on one worker', async () => {
    const workers: FakeWorker[] = [];
    const bridge = new WorkerBridge(() => { const w = fakeWorker(); workers.push(w); return w as unknown as Worker; });
    const out = await Promise.all([1, 2, 3].map((x) => bridge.run(undefined, (api) => as(api).echo(x))));
    expect(out).toEqual([1, 2, 3]);
    expect(workers).toHaveLength(1);
  });

  it('now() is answered beside a running job, run() after it; with no worker yet now() queues', async () => {
    const workers: FakeWorker[] = [];
    const bridge = new WorkerBridge(() => { const w = fakeWorker(); workers.push(w); return w as unknown as Worker; });
    expect(await bridge.now((api) => as(api).echo(1))).toBe(1);
    const ctl = new AbortController();
    const stuck = bridge.run(ctl.signal, (api) => as(api).slow());
    stuck.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    let queued = false;
    void bridge.run(undefined, (api) => as(api).echo(2)).then(() => { queued = true; }, () => undefined);
    expect(await bridge.now((api) => as(api).echo(3))).toBe(3);
    expect(queued).toBe(false);
    ctl.abort();
    await expect(stuck).rejects.toSatisfy(isAbortError);
  });

  it('abort terminates the worker; the next job gets a fresh one that replays the session first', async () => {
    const workers: FakeWorker[] = [];
    const bridge = new WorkerBridge(() => { const w = fakeWorker(); workers.push(w); return w as unknown as Worker; });
    bridge.remember('1-backend', (api) => as(api).init('wasm'));
    bridge.remember('2-model', (api) => as(api).loadDemo('lenet'));
    await bridge.run(undefined, (api) => as(api).echo(0));
    const controller = new AbortController();
    const slow = bridge.run(controller.signal, (api) => as(api).slow());
    setTimeout(() => controller.abort(), 10);
    await expect(slow).rejects.toSatisfy(isAbortError);
    expect(workers[0].terminated).toBe(true);
    expect(await bridge.run(undefined, (api) => as(api).echo(7))).toBe(7);
    expect(workers).toHaveLength(2);
    expect(workers[1].calls).toEqual(['init:wasm', 'load:lenet']);
    expect(bridge.generation).toBe(2);
  });

  it('a job aborted while queued never runs and does not kill the worker', async () => {
    const workers: FakeWorker[] = [];
    const bridge = new WorkerBridge(() => { const w = fakeWorker(); workers.push(w); return w as unknown as Worker; });
    const controller = new AbortController();
    controller.abort();
    await expect(bridge.run(controller.signal, (api) => as(api).echo(1))).rejects.toSatisfy(isAbortError);
    expect(await bridge.run(undefined, (api) => as(api).echo(2))).toBe(2);
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
  });

  it('a crash rejects the running job, is reported, and the next job runs on a fresh worker', async () => {
    const workers: FakeWorker[] = [];
    const bridge = new WorkerBridge(() => { const w = fakeWorker(); workers.push(w); return w as unknown as Worker; });
    const crashes: string[] = [];
    bridge.onCrash = (m) => crashes.push(m);
    const slow = bridge.run(undefined, (api) => as(api).slow());
    await new Promise((r) => setTimeout(r, 5));
    const ev = new Event('error', { cancelable: true }) as Event & { message: string };
    ev.message = 'out of memory';
    workers[0].dispatchEvent(ev);
    await expect(slow).rejects.toThrow(/worker crashed: out of memory/);
    expect(crashes).toEqual(['out of memory']);
    expect(await bridge.run(undefined, (api) => as(api).echo(3))).toBe(3);
    expect(workers).toHaveLength(2);
  });
});
