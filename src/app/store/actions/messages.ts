import type { Action } from '../state';

/** A clear error for the user; the model and session stay as they were. */
export const showError: Action<string> = (_state, error) => ({ error, errorDetail: null });
/** A rewritten error (src/app/flows/plainError.ts): the sentence, and the raw text folded under it. */
export const showPlainError: Action<{ text: string; detail: string | null }> = (_state, e) => ({ error: e.text, errorDetail: e.detail });
export const clearError: Action<void> = () => ({ error: null, errorDetail: null });
export const showNotice: Action<string | null> = (_state, notice) => ({ notice });
export const workerStarted: Action<number> = (_state, workerGeneration) => ({ workerGeneration });
