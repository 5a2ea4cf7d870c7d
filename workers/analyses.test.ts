/**
 * The worker's one analysis cache: a method's base is found by id, by options, or computed
 * (once) on a miss — the case of a worker restarted after a cancel, which holds none.
 */
import { describe, expect, it } from 'vitest';
import { packConfig } from '../src/quant/configWire';
import type { LayerConfig, StudioConfig } from '../src/quant/types';
import { AnalysisCache, analysisId, type AnalyzeOptions, type StoredAnalysis } from './analyses';

function layer(name: string, db: number): LayerConfig {
  return {
    name, kind: 'dense', weightShape: [2, 3], filters: 3, params: 6, macs: 6,
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor' },
    activations: { scheme: 'float', bits: null },
    sweep: { weights: { fixed: { '8': db } }, weightsPerFilter: { fixed: { '8': [db, db + 1, null] } } },
  };
}

function stored(modelHash: string, dataKey: string | null, opts: AnalyzeOptions, db = 40): StoredAnalysis {
  const config: StudioConfig = {
    format: 'quantization-studio/config', version: 1,
    model: { name: 'm', hash: modelHash, format: 'layers-model', parameters: 12 },
    method: { name: 'analysis' }, layers: [layer('a', db), layer('b', db + 2)],
    summary: { averageWeightBits: 8, sizeBytes: 12, bitops: 0 },
  };
  return {
    id: analysisId(modelHash, dataKey, opts), modelHash, dataKey, wire: packConfig(config),
    weightSweep: { path: 'cpu', backend: 'cpu', reason: 'test', kernelLayers: 0, cpuLayers: 2, failure: null, ms: 1, analysisMs: 2 },
  };
}

/** A compute function that counts its calls and stores what it computes, as the worker's does. */
function computer(cache: AnalysisCache, model: string, dataKey: string | null) {
  const calls: AnalyzeOptions[] = [];
  const compute = async (opts: AnalyzeOptions) => {
    calls.push(opts);
    const entry = stored(model, dataKey, opts, 10);
    cache.set(entry);
    return entry;
  };
  return { calls, compute };
}

describe('AnalysisCache', () => {
  it('an id names one (model, data, options); defaults are spelled out', () => {
    expect(analysisId('m', 'd', {})).toBe(analysisId('m', 'd', { gpuSweep: 'auto' }));
    expect(analysisId('m', 'd', { calibration: 64 })).not.toBe(analysisId('m', 'd', {}));
    expect(analysisId('m', null, {})).not.toBe(analysisId('m', 'd', {}));
    expect(analysisId('m2', 'd', {})).not.toBe(analysisId('m', 'd', {}));
  });

  it('finds the analysis the page names by id, without computing', async () => {
    const cache = new AnalysisCache();
    const shown = stored('m', 'd', { calibration: 64 });
    cache.set(shown);
    const { calls, compute } = computer(cache, 'm', 'd');
    // The settings changed since (calibration 0): the id still names what the page shows.
    expect(await cache.resolve({ id: shown.id, opts: { calibration: 0 } }, { hash: 'm', dataKey: 'd' }, compute)).toBe(shown);
    expect(calls).toEqual([]);
  });

  it('a miss (a restarted worker) computes the analysis of the named options once, then finds it', async () => {
    const cache = new AnalysisCache();
    const { calls, compute } = computer(cache, 'm', 'd');
    const ref = { id: analysisId('m', 'd', { calibration: 32 }), opts: { calibration: 32 } };
    const first = await cache.resolve(ref, { hash: 'm', dataKey: 'd' }, compute);
    expect(calls).toEqual([{ calibration: 32 }]);
    expect(first.id).toBe(ref.id);
    expect(await cache.resolve(ref, { hash: 'm', dataKey: 'd' }, compute)).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('an id of another model or data set is not used: the loaded one is analysed', async () => {
    const cache = new AnalysisCache();
    const other = stored('old-model', 'd', {});
    cache.set(other);
    const { calls, compute } = computer(cache, 'm', 'images');
    const got = await cache.resolve({ id: other.id, opts: {} }, { hash: 'm', dataKey: 'images' }, compute);
    expect(got.modelHash).toBe('m');
    expect(calls).toHaveLength(1);
  });

  it('unpacks the per-filter tables for the methods without emptying the stored form; transferable copies are copies', () => {
    const cache = new AnalysisCache();
    const entry = stored('m', 'd', {});
    cache.set(entry);
    const config = cache.config(entry);
    expect(config.layers[1].sweep?.weightsPerFilter.fixed?.['8']).toEqual([42, 43, null]);
    expect(cache.config(entry)).toBe(config);
    expect(entry.wire.config.layers[1].sweep?.weightsPerFilter).toEqual({});
    const copy = AnalysisCache.transferable(entry);
    expect(copy.chunks[0]).not.toBe(entry.wire.chunks[0]);
    expect([...copy.chunks[0]]).toEqual([...entry.wire.chunks[0]]);
    // Unpacked again from the stored form, after the first unpack: the same tables.
    const again = new AnalysisCache();
    again.set(entry);
    expect(again.config(entry).layers[0].sweep?.weightsPerFilter.fixed?.['8']).toEqual([40, 41, null]);
  });
});
