import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation (COOP/COEP) lets tfjs-wasm use threads (SharedArrayBuffer).
 * The same headers are served in dev and preview so both behave alike.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // Never exclude @tensorflow/tfjs-backend-wasm here: in dev the worker then never answers.
  optimizeDeps: {},
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: {
    format: 'es',
    rolldownOptions: {
      output: {
        // The default compressor rewrites tfjs-wasm's pthread worker blob and the backend hangs;
        // mangling alone is safe.
        minify: { compress: false, mangle: true },
      },
    },
  },
});
