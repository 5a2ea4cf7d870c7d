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

/** Error thrown when a job is cancelled through its AbortSignal. */
export function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}
