/**
 * Serves src/kernels/kernel-check.html from a Vite dev server with the project's own
 * config (COOP/COEP headers included), on a free port, so the kernel test and the
 * benchmark need no extra entry in the production build. Dependencies are pre-bundled at
 * start-up (optimizeDeps.entries) so the page never reloads mid-test.
 */
import { createServer, type ViteDevServer } from 'vite';
import { resolve } from 'node:path';

export const KERNEL_PAGE = 'src/kernels/kernel-check.html';

export interface KernelPageServer {
  url: string;
  close(): Promise<void>;
}

export async function startKernelPageServer(root = process.cwd()): Promise<KernelPageServer> {
  const server: ViteDevServer = await createServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'warn',
    clearScreen: false,
    server: { port: 0, strictPort: false, host: '127.0.0.1', hmr: false },
    optimizeDeps: {
      entries: [KERNEL_PAGE],
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgpu'],
    },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) {
    await server.close();
    throw new Error('the Vite dev server did not report a local URL');
  }
  return { url: new URL(KERNEL_PAGE, base).href, close: () => server.close() };
}
