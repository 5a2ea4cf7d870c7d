import type { Action } from '../state';

/** A clear error for the user; the model and session stay as they were. */
export const showError: Action<string> = (_state, error) => ({ error });
export const clearError: Action<void> = () => ({ error: null });
export const showNotice: Action<string | null> = (_state, notice) => ({ notice });
export const workerStarted: Action<number> = (_state, workerGeneration) => ({ workerGeneration });
