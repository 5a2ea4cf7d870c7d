import type { BackendInfo, BackendRequest } from '../../bridge';
import type { Action } from '../state';

/** The user (or the URL) asked for a backend; the old info stays until the new one is ready. */
export const requestBackend: Action<BackendRequest> = (state, requested) => ({
  backend: { ...state.backend, requested },
});

export const backendReady: Action<BackendInfo> = (state, info) => ({
  backend: { ...state.backend, info },
});
