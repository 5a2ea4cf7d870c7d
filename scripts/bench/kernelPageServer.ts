/**
 * Serves the test/benchmark pages (src/kernels/kernel-check.html, scripts/bench/page/
 * bench.html) from a Vite dev server with the project's own config (COOP/COEP headers
 * included) on a free port, so neither needs an entry in the production build. All
 * dependencies, the analysis worker's included, are pre-bundled at start-up
 * (optimizeDeps.entries) so a page never reloads mid-measurement.
 */
import { createServer, type ViteDevServer } from 'vite';
import { resolve } from 'node:path';

export const KERNEL_PAGE = 'src/kernels/kernel-check.html';
export const BENCH_PAGE = 'scripts/bench/page/bench.html';
const WORKER = 'workers/analysis.worker.ts';

export interface KernelPageServer {
  /** URL of the kernel-check page. */
  url: string;
  /** URL of any page under the root, e.g. pageUrl(BENCH_PAGE). */
  pageUrl(path: string): string;
  close(): Promise<void>;
}

export async function startKernelPageServer(root = process.cwd(), withBenchPage = false): Promise<KernelPageServer> {
  const entries = withBenchPage ? [KERNEL_PAGE, BENCH_PAGE, WORKER] : [KERNEL_PAGE];
  const server: ViteDevServer = await createServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'warn',
    clearScreen: false,
    server: { port: 0, strictPort: false, host: '127.0.0.1', hmr: false },
    optimizeDeps: { entries },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) {
    await server.close();
    throw new Error('the Vite dev server did not report a local URL');
  }
  const pageUrl = (p: string) => new URL(p, base).href;
  return { url: pageUrl(KERNEL_PAGE), pageUrl, close: () => server.close() };
}
