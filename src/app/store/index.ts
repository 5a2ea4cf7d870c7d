/**
 * The one store (zustand, imported nowhere else). Components read with `useStudio(selector)`;
 * changes go through `dispatch(action, payload)` with the pure actions from ./actions.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { initialState, type Action, type StudioState } from './state';

const store = create<StudioState>()(() => initialState);

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return store(selector);
}

/** For selectors returning a new object/array each time: compares shallowly. */
export function useStudioShallow<T>(selector: (s: StudioState) => T): T {
  return store(useShallow(selector));
}

export function dispatch<P>(action: Action<P>, payload: P): void {
  store.setState((s) => action(s, payload));
}

export function getState(): StudioState {
  return store.getState();
}

export function subscribe(listener: (s: StudioState, prev: StudioState) => void): () => void {
  return store.subscribe(listener);
}

export * from './state';
export * from './actions/backend';
export * from './actions/session';
export * from './actions/job';
export * from './actions/messages';
export * from './actions/view';
export * from './actions/config';
export * from './actions/restore';
