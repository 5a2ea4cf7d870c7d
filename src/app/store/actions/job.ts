import type { JobProgress } from '../../bridge';
import type { Action, JobState } from '../state';

let nextJobId = 1;

export const jobStarted: Action<{ label: string }> = (_state, { label }) => ({
  job: { id: nextJobId++, label, phase: label, done: 0, total: 0, etaMs: null } satisfies JobState,
});

export const jobProgress: Action<JobProgress> = (state, p) =>
  state.job ? { job: { ...state.job, phase: p.phase, done: p.done, total: p.total, etaMs: p.etaMs } } : {};

export const jobEnded: Action<void> = () => ({ job: null });
