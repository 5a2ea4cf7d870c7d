/**
 * Small settings in the URL, so a link reproduces the view on the demo (TF Playground's
 * one-table approach): each entry reads a query parameter into the state and writes it back.
 */
import { MAX_BITS, MIN_BITS } from '../../quant/bits';
import type { BackendRequest, GpuSweepRequest } from '../bridge';
import { getState, subscribe, type StudioState } from '../store';

export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'webgpu', 'wasm', 'cpu'];

export function isBackendRequest(v: unknown): v is BackendRequest {
  return (BACKEND_REQUESTS as readonly unknown[]).includes(v);
}

export interface UrlState {
  backend?: BackendRequest;
  gpuSweep?: GpuSweepRequest;
  layer?: string;
  method?: string;
  bits?: number;
  budget?: number;
  demo?: string;
}

interface Param {
  name: keyof UrlState;
  read: (v: string) => UrlState[keyof UrlState] | undefined;
  write: (s: StudioState) => string | null;
}

const PARAMS: Param[] = [
  { name: 'backend', read: (v) => (isBackendRequest(v) ? v : undefined), write: (s) => (s.backend.requested === 'auto' ? null : s.backend.requested) },
  // `?gpuSweep=1` forces the fused sweep kernel for the weight sweep, `?gpuSweep=0` the CPU; absent = auto.
  {
    name: 'gpuSweep',
    read: (v) => (v === '1' ? 'on' : v === '0' ? 'off' : undefined),
    write: (s) => (s.backend.sweep === 'auto' ? null : s.backend.sweep === 'on' ? '1' : '0'),
  },
  { name: 'layer', read: (v) => v || undefined, write: (s) => s.selectedLayer },
  { name: 'method', read: (v) => (/^[\w-]{1,40}$/.test(v) ? v : undefined), write: (s) => (s.settings.method === 'uniform' ? null : s.settings.method) },
  {
    name: 'bits',
    read: (v) => { const n = Number(v); return Number.isInteger(n) && n >= MIN_BITS && n <= MAX_BITS ? n : undefined; },
    write: (s) => (s.settings.bits === 8 ? null : String(s.settings.bits)),
  },
  {
    name: 'budget',
    read: (v) => { const n = Number(v); return v !== '' && Number.isFinite(n) ? n : undefined; },
    write: (s) => (s.settings.budget === null ? null : String(s.settings.budget)),
  },
  { name: 'demo', read: (v) => (/^[\w-]{1,40}$/.test(v) ? v : undefined), write: (s) => (s.model?.source.startsWith('demo:') && s.model.source !== 'demo:lenet' ? s.model.source.slice(5) : null) },
];

export function readUrl(search = location.search): UrlState {
  const q = new URLSearchParams(search);
  const out: Record<string, unknown> = {};
  for (const p of PARAMS) {
    const raw = q.get(p.name);
    if (raw === null) continue;
    const v = p.read(raw);
    if (v !== undefined) out[p.name] = v;
  }
  return out as UrlState;
}

export function urlFor(s: StudioState): string {
  const q = new URLSearchParams(location.search);
  for (const p of PARAMS) {
    const v = p.write(s);
    if (v === null) q.delete(p.name);
    else q.set(p.name, v);
  }
  const qs = q.toString();
  return `${location.pathname}${qs ? `?${qs}` : ''}${location.hash}`;
}

/** Keeps the address bar in step with the state (replaceState: no history spam). */
export function startUrlSync(): () => void {
  let last = '';
  return subscribe(() => {
    const url = urlFor(getState());
    if (url !== last && url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
    last = url;
  });
}
