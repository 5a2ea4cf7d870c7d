import type { MethodInfo } from '../../bridge';
import type { Action, SortKey, StudioSettings } from '../state';

export const selectLayer: Action<string | null> = (_state, selectedLayer) => ({ selectedLayer });

/** Clicking the sorted column flips the direction; another column sorts ascending. */
export const sortBy: Action<SortKey> = (state, key) => ({
  sort: { key, dir: state.sort.key === key ? (state.sort.dir === 1 ? -1 : 1) : 1 },
});

export const changeSettings: Action<Partial<StudioSettings>> = (state, patch) => ({
  settings: { ...state.settings, ...patch },
});

export const methodsListed: Action<MethodInfo[]> = (_state, methods) => ({ methods });
