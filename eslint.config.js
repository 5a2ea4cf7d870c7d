import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const tfjs = ['@tensorflow/*', '@tensorflow/**'];
const ui = ['react', 'react-dom', 'react-dom/*', 'recharts'];
const msg = (what) => `${what} (see docs/architecture.md: quant ← model/kernels ← workers/cli ← app)`;

export default tseslint.config(
  { ignores: ['.cache/**', '.synthetic/**', 'scripts/_*.ts', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the worker bridge imports comlink; only the store imports zustand.
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['comlink'], message: msg('comlink only in src/app/bridge and workers/') },
          { group: ['zustand', 'zustand/*'], message: msg('zustand only in src/app/store') },
        ],
      }],
    },
  },
  {
    files: ['src/quant/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...tfjs, ...ui, 'comlink', 'zustand', 'zustand/*'], message: msg('src/quant is pure math') },
          { group: ['**/model/**', '**/app/**', '**/workers/**', '**/kernels/**', '**/cli/**'], message: msg('src/quant imports nothing above it') },
        ],
      }],
    },
  },
  {
    files: ['src/model/**', 'src/kernels/**', 'src/data/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...ui, 'comlink', 'zustand', 'zustand/*'], message: msg('model/kernels are UI-free') },
          { group: ['**/app/**', '**/workers/**', '**/cli/**'], message: msg('model imports only quant') },
        ],
      }],
    },
  },
  {
    files: ['workers/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...ui, 'zustand', 'zustand/*'], message: msg('workers have no UI') },
          { group: ['**/src/app/**'], message: msg('workers do not import the app') },
        ],
      }],
    },
  },
  {
    files: ['src/app/bridge/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['zustand', 'zustand/*'], message: msg('zustand only in src/app/store') }, { group: [...tfjs], message: msg('the app never imports tfjs; the worker does') }] }] },
  },
  {
    files: ['src/app/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['comlink'], message: msg('comlink only in the bridge') }, { group: [...tfjs], message: msg('the app never imports tfjs; the worker does') }] }] },
  },
  {
    files: ['src/app/**'],
    ignores: ['src/app/bridge/**', 'src/app/store/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['comlink'], message: msg('comlink only in src/app/bridge') },
          { group: ['zustand', 'zustand/*'], message: msg('zustand only in src/app/store') },
          { group: [...tfjs], message: msg('the app never imports tfjs; the worker does') },
        ],
      }],
    },
  },
);
