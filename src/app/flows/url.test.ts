import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_BITS, MIN_BITS } from '../../quant/bits';
import { initialState, type StudioState } from '../store/state';
import { BACKEND_REQUESTS, readUrl, urlFor, type UrlState } from './url';

/** The state a page would hold after applying a URL's settings (what urlFor writes back). */
function stateFrom(u: UrlState): StudioState {
  return {
    ...initialState,
    backend: { ...initialState.backend, requested: u.backend ?? 'auto', sweep: u.gpuSweep ?? 'auto' },
    selectedLayer: u.layer ?? null,
    settings: { ...initialState.settings, method: u.method ?? 'uniform', bits: u.bits ?? 8, budget: u.budget ?? null },
    model: { source: `demo:${u.demo ?? 'lenet'}` } as StudioState['model'],
  };
}

/** Defaults are not written to the URL, so they do not come back from it either. */
function withoutDefaults(u: UrlState): UrlState {
  const out: UrlState = { ...u };
  if (out.backend === 'auto') delete out.backend;
  if (out.method === 'uniform') delete out.method;
  if (out.bits === 8) delete out.bits;
  if (out.demo === 'lenet') delete out.demo;
  return out;
}

const slug = fc.stringMatching(/^[\w-]{1,40}$/);
const urlState: fc.Arbitrary<UrlState> = fc.record({
  backend: fc.constantFrom(...BACKEND_REQUESTS),
  gpuSweep: fc.constantFrom('on' as const, 'off' as const),
  layer: fc.string({ minLength: 1, maxLength: 30 }),
  method: slug,
  bits: fc.integer({ min: MIN_BITS, max: MAX_BITS }),
  budget: fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((v) => !Object.is(v, -0)),
  demo: slug,
}, { requiredKeys: [] });

describe('URL settings', () => {
  const saved = (globalThis as { location?: unknown }).location;
  beforeEach(() => {
    (globalThis as { location?: unknown }).location = { pathname: '/', search: '', hash: '' };
  });
  afterEach(() => {
    (globalThis as { location?: unknown }).location = saved;
  });

  it('every parameter survives a round trip: state → URL → state', () => {
    fc.assert(fc.property(urlState, (u) => {
      const url = urlFor(stateFrom(u));
      expect(readUrl(url.slice(url.indexOf('?') >= 0 ? url.indexOf('?') : url.length))).toEqual(withoutDefaults(u));
    }), { numRuns: 300 });
  });

  it('the default state writes a bare path', () => {
    expect(urlFor(initialState)).toBe('/');
  });

  it('any query string reads into valid settings only, never throwing', () => {
    const keys = ['backend', 'gpuSweep', 'layer', 'method', 'bits', 'budget', 'demo', 'constructor', '__proto__'];
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), fc.string({ maxLength: 50 })), { maxLength: 8 }), (pairs) => {
      const u = readUrl(`?${new URLSearchParams(pairs).toString()}`);
      expect(Object.keys(u).every((k) => keys.slice(0, 7).includes(k))).toBe(true);
      if (u.backend !== undefined) expect(BACKEND_REQUESTS).toContain(u.backend);
      if (u.gpuSweep !== undefined) expect(['on', 'off']).toContain(u.gpuSweep);
      if (u.bits !== undefined) expect(Number.isInteger(u.bits) && u.bits >= MIN_BITS && u.bits <= MAX_BITS).toBe(true);
      if (u.budget !== undefined) expect(Number.isFinite(u.budget)).toBe(true);
      if (u.method !== undefined) expect(u.method).toMatch(/^[\w-]{1,40}$/);
      if (u.demo !== undefined) expect(u.demo).toMatch(/^[\w-]{1,40}$/);
    }), { numRuns: 300 });
  });

  it('out-of-range or malformed values are dropped, not corrected', () => {
    expect(readUrl('?bits=1&backend=webgl&gpuSweep=yes&budget=&method=a%20b')).toEqual({});
    expect(readUrl(`?bits=${MAX_BITS + 1}`)).toEqual({});
    expect(readUrl('?bits=4.5')).toEqual({});
    expect(readUrl('?backend=webgpu&gpuSweep=1')).toEqual({ backend: 'webgpu', gpuSweep: 'on' });
    expect(readUrl('?gpuSweep=0').gpuSweep).toBe('off');
  });
});
