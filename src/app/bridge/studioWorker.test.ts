/**
 * The app's typed worker calls over a fake worker (comlink over a MessageChannel, so the
 * payloads are what structured clone delivers): configs go to the worker without their
 * sweep tables, an analysis comes back by id with its sweeps, and methods name their base
 * analysis by that id, also after the worker was restarted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { packConfig } from '../../quant/configWire';
import type { LayerConfig, StudioConfig } from '../../quant/types';
import type { AnalysisApi } from '../../../workers/analysis.worker';
import { FakeWorker } from './testingFakeWorker';
import { WorkerBridge } from './workerBridge';
import { studioWorker } from './studioWorker';

function layer(name: string): LayerConfig {
  return {
    name, kind: 'conv2d', weightShape: [1, 1, 1, 2], filters: 2, params: 2, macs: 2,
    weights: { scheme: 'fixed', bits: 4, granularity: 'per-tensor' },
    activations: { scheme: 'float', bits: null },
    sweep: { weights: { fixed: { '4': 21.5 } }, weightsPerFilter: { fixed: { '4': [20, 23] } } },
  };
}

const config: StudioConfig = {
  format: 'quantization-studio/config', version: 1,
  model: { name: 'm', hash: 'h', format: 'layers-model', parameters: 4 },
  method: { name: 'analysis' }, layers: [layer('a'), layer('b')],
  summary: { averageWeightBits: 4, sizeBytes: 2, bitops: 0 },
};

/** What the fake worker received, per call. */
type Received = { call: string; args: unknown[] };

function fakeApi(received: Received[]) {
  const log = (call: string) => (...args: unknown[]) => {
    received.push({ call, args });
    return args[0];
  };
  return {
    analyze: (...args: unknown[]) => {
      received.push({ call: 'analyze', args });
      return { id: 'analysis-1', wire: packConfig(config), weightSweep: null, cached: false };
    },
    evaluate: log('evaluate'),
    exportModel: log('exportModel'),
    exportModelFiles: log('exportModelFiles'),
    exportEncodings: log('exportEncodings'),
    runMethod: log('runMethod'),
    runCurve: log('runCurve'),
  };
}

const started: FakeWorker[] = [];

function setUp() {
  const received: Received[] = [];
  const bridge = new WorkerBridge<AnalysisApi>(() => {
    const w = new FakeWorker(fakeApi(received));
    started.push(w);
    return w;
  });
  return { received, bridge, worker: studioWorker(bridge) };
}

afterEach(() => {
  for (const w of started.splice(0)) w.close();
});

/** Every config-shaped argument a call carried. */
function configsIn(received: Received[], call: string): unknown[] {
  return received.filter((r) => r.call === call).map((r) => r.args[0]);
}

describe('studioWorker', () => {
  it('evaluate and the exports send the config without sweep tables; the page keeps its own', async () => {
    const { received, worker } = setUp();
    await worker.evaluate(undefined, config, { passes: 'full' });
    await worker.exportModel(undefined, config);
    await worker.exportModelFiles(undefined, config);
    await worker.exportEncodings(config, 'aimet-2');
    for (const call of ['evaluate', 'exportModel', 'exportModelFiles', 'exportEncodings']) {
      const sent = configsIn(received, call);
      expect(sent, call).toHaveLength(1);
      expect(JSON.stringify(sent[0]), call).not.toMatch(/"sweep"|weightsPerFilter/);
      expect(JSON.stringify(sent[0]), call).toContain('"bits":4');
    }
    expect(config.layers[0].sweep?.weightsPerFilter.fixed?.['4']).toEqual([20, 23]);
  });

  it('analyze returns the id and the config with its per-filter tables; methods name that id and the options', async () => {
    const { received, bridge, worker } = setUp();
    const analysis = await worker.analyze(undefined, { calibration: 64 }, () => undefined);
    expect(analysis.id).toBe('analysis-1');
    expect(analysis.config.layers[1].sweep?.weightsPerFilter.fixed?.['4']).toEqual([20, 23]);
    await worker.runMethod(undefined, 'uniform', 4, () => undefined, { calibration: 64 });
    await worker.runCurve(undefined, 'uniform', () => undefined, () => undefined, { calibration: 64 });
    const base = { id: 'analysis-1', opts: { calibration: 64 } };
    expect(received.find((r) => r.call === 'runMethod')?.args.slice(0, 2)).toEqual(['uniform', 4]);
    expect(received.find((r) => r.call === 'runMethod')?.args[4]).toEqual(base);
    expect(received.find((r) => r.call === 'runCurve')?.args[4]).toEqual(base);
    // A restarted worker has no analyses; the method still names the page's, with the options to recompute it.
    bridge.restart();
    await worker.runMethod(undefined, 'uniform', 2, () => undefined, { calibration: 64 });
    expect(received.filter((r) => r.call === 'runMethod')[1].args[4]).toEqual(base);
    expect(bridge.generation).toBe(2);
  });

  it('before any analysis, a method names no id, only the options', async () => {
    const { received, worker } = setUp();
    await worker.runMethod(undefined, 'knapsack', null, () => undefined, {});
    expect(received[0].args[4]).toEqual({ id: null, opts: {} });
  });
});
