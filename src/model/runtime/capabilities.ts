/**
 * Asking a loaded model for an optional capability. A runtime that lacks one says why
 * (capabilities.*.reason); the methods turn that into MethodUnavailableError, which the
 * page and the CLI show as is instead of failing.
 */
import type { GradientRuntime, LoadedModel } from './types';

/** A method that cannot run on this model (the message says why and what to do). */
export class MethodUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MethodUnavailableError';
  }
}

/** The model's gradients, or MethodUnavailableError naming `method` and the runtime's reason. */
export function requireGradients(model: Pick<LoadedModel, 'capabilities' | 'gradients'>, method: string): GradientRuntime {
  const cap = model.capabilities.gradients;
  if (!cap.available) throw new MethodUnavailableError(`${method} needs gradients; ${cap.reason}`);
  if (!model.gradients) throw new MethodUnavailableError(`${method} needs gradients; this model's runtime offers none`);
  return model.gradients;
}

/** One line for the UI and the CLI: what this model cannot do, or null when it can do everything. */
export function missingCapabilities(model: Pick<LoadedModel, 'capabilities'>): string | null {
  const g = model.capabilities.gradients;
  return g.available ? null : `gradient methods (CQ, EBS) unavailable: ${g.reason}`;
}
