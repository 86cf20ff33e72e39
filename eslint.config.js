// ESLint flat config: typescript-eslint's type-aware recommended rules over all TypeScript in the repo
// (src, test, bench, scripts — the files tsconfig.json includes), plus the few rules that catch bugs we have had.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Names the capture page uses from the browser (the `globals` package is not a direct dependency).
const BROWSER_GLOBALS = Object.fromEntries(
  [
    'window', 'document', 'navigator', 'location', 'fetch', 'FormData', 'Blob', 'File', 'URL', 'Request', 'Response',
    'Headers', 'AbortController', 'HTMLElement', 'HTMLVideoElement', 'HTMLCanvasElement', 'Image', 'ImageData',
    'MediaStream', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'console', 'crypto', 'TextEncoder', 'TextDecoder', 'OffscreenCanvas',
    'createImageBitmap', 'Node', 'getComputedStyle', 'matchMedia', 'CustomEvent', 'Event', 'queueMicrotask', 'structuredClone',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // Fastify plugins, hooks and routes are async functions by convention, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      // A redundant `!` or cast is style, not a bug; checking it would fail code merged from other branches.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Route tests read `res.json()`, which light-my-request types as `any`, and describe loose response bodies;
    // the assertions check the shape. Benchmarks and scripts read JSON files the same way.
    files: ['test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Benchmark and script tallies are written as comma expressions (`if (ok) (a++, b++)`); in src they are not.
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The capture page and the client package are plain browser/ESM JavaScript, and the client's example needs its
    // generated types (npm run generate -w @identity-check/client), which a fresh clone lacks:
    // the bug-catching core rules only, with the browser's globals.
    files: ['public/**/*.js', 'packages/**/*.js', 'packages/**/*.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'module', globals: BROWSER_GLOBALS },
  },
);
