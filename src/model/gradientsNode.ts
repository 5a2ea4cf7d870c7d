/**
 * Node only (CLI, scripts): lets Node load tfjs-core's ES-module gradient registrations.
 *
 * tfjs registers its gradient functions in `@tensorflow/tfjs-core/dist/register_all_gradients`
 * (the monolithic '@tensorflow/tfjs' imports it; the split packages do not). That file is
 * written for bundlers: a few of its imports are extensionless and one ('./gradients') names
 * both a file and a folder, which Node's ES-module resolver refuses. This installs a resolve
 * hook that retries such specifiers under @tensorflow/ with '.js', so gradients.ts's
 * `ensureGradients()` works in Node exactly as in Vite (page, worker, vitest).
 */
const HOOK = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    const fromTfjs = (context.parentURL || '').includes('/@tensorflow/') || specifier.startsWith('@tensorflow/');
    const retry = fromTfjs && !specifier.endsWith('.js') && (e.code === 'ERR_UNSUPPORTED_DIR_IMPORT' || e.code === 'ERR_MODULE_NOT_FOUND');
    if (!retry) throw e;
    return next(specifier + '.js', context);
  }
}`;

let installed = false;

type NodeModuleApi = { register(url: string): void };

/** Installs the resolve hook once per process (a no-op outside Node). */
export function installTfjsNodeResolver(): void {
  if (installed) return;
  installed = true;
  // process.getBuiltinModule (Node ≥ 20.16) keeps this file free of Node type imports.
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:module') as NodeModuleApi | undefined;
  mod?.register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
}
