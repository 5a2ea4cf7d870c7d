/**
 * The gradient methods' view of a model, through the seam: CQ asks the runtime for its
 * class importance (LoadedModel.gradients); a runtime without gradients answers with
 * MethodUnavailableError and its reason (src/model/runtime/capabilities.ts).
 */
import type { ClassImportance } from '../quant/methods/cq';
import type { EvaluationData } from './evaluate';
import { requireGradients } from './runtime/capabilities';
import type { GradientJobOptions, LoadedModel } from './runtime/types';

export { MethodUnavailableError } from './runtime/capabilities';

/** Throws MethodUnavailableError unless the model's runtime offers gradients. */
export function assertDifferentiable(loaded: LoadedModel, method: string): void {
  requireGradients(loaded, method);
}

export interface ImportanceOptions {
  /** Samples per class (default 32). */
  perClass?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** CQ's T[c][l][f] (see GradientRuntime.classImportance) on labeled images. */
export async function classTaylorImportance(loaded: LoadedModel, data: EvaluationData, opts: ImportanceOptions = {}): Promise<ClassImportance> {
  const gradients = requireGradients(loaded, 'CQ');
  if (!data.labels) throw new Error('CQ needs labeled images');
  const onProgress: GradientJobOptions['onProgress'] = opts.onProgress ? (p) => opts.onProgress!(p.done, p.total) : undefined;
  return gradients.classImportance({ images: data.images, labels: data.labels, count: data.count }, { perClass: opts.perClass, signal: opts.signal, onProgress });
}
