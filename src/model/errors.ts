/**
 * The one error type of model loading. Its message is a single line that names the file or
 * tensor at fault, so the page can show it as is and the CLI can print it as its only
 * stderr line.
 */
export class ModelLoadError extends Error {
  /** The file (model.json, a shard) or tensor the problem is in, when known. */
  readonly file?: string;

  constructor(message: string, file?: string) {
    super(oneLine(message));
    this.name = 'ModelLoadError';
    this.file = file;
  }
}

/** Collapses whitespace runs (newlines included) so that a message is one line. */
export function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

/** Throws when a model's layer list has nothing to quantize, naming what was skipped. */
export function requireQuantizable(listed: { layers: unknown[]; skipped: { name: string; op: string }[] }): void {
  if (listed.layers.length > 0) return;
  const skipped = listed.skipped.length ? ` (skipped: ${listed.skipped.slice(0, 4).map((s) => `${s.name} ${s.op}`).join(', ')}${listed.skipped.length > 4 ? ', …' : ''})` : '';
  throw new ModelLoadError(`model.json: no quantizable layer found: the studio quantizes conv2d, depthwise conv and dense layers${skipped}`, 'model.json');
}

/** Error thrown when a job is cancelled through its AbortSignal. */
export function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}
