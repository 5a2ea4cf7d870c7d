import type { BackendInfo, BackendRequest, GpuSweepRequest, WeightSweepInfo } from '../../bridge';
import type { Action } from '../state';

/** The user (or the URL) asked for a backend; the old info stays until the new one is ready. */
export const requestBackend: Action<BackendRequest> = (state, requested) => ({
  backend: { ...state.backend, requested },
});

export const backendReady: Action<BackendInfo> = (state, info) => ({
  backend: { ...state.backend, info },
});

/** The weight-sweep path asked for (the URL's `?gpuSweep=`); used by the next analysis. */
export const requestGpuSweep: Action<GpuSweepRequest> = (state, sweep) => ({
  backend: { ...state.backend, sweep },
});

/** An analysis finished (or came from the cache): how its weight sweep ran (kernel, CPU, or kernel then CPU). */
export const weightSweepDone: Action<{ info: WeightSweepInfo | null; cached: boolean }> = (_state, p) => ({
  weightSweep: p.info ? { ...p.info, cached: p.cached } : null,
});
