/**
 * The analysis options the settings ask for (calibration images, weight-sweep path): the
 * analysis runs with them, and a method names them with its base analysis, so a worker that
 * lost the analysis (restarted after a cancel) computes the same one again.
 */
import type { AnalyzeOptions } from '../bridge';
import { getState } from '../store';

export function analysisOptions(): AnalyzeOptions {
  const { settings, backend } = getState();
  return { calibration: settings.calibration, ...(backend.sweep === 'auto' ? {} : { gpuSweep: backend.sweep }) };
}
