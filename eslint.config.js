// Lint: zero warnings allowed (`--max-warnings=0`). Import boundaries per folder enforce the
// architecture: shared ← core ← {host, cli, main}; preload and renderer see shared only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronImport = {
  name: 'electron',
  message: 'electron/core runs in plain Node: never import electron here (see ARCHITECTURE.md).',
};
const noElectronPattern = { regex: '^electron(/.*)?$', message: electronImport.message };
const layer = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  {
    // AssemblyScript sources (*.as.ts) are compiled by asc (build/scripts/build-kernel.ts), not tsc.
    ignores: ['**/*.as.ts', 'node_modules/', 'dist/', 'release/', '.native/', 'test-results/', 'playwright-report/', 'e2e/artifacts/', 'bench/.cache/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(['electron/shared/**'], [pattern(['../*', '!./*'], 'electron/shared imports nothing but zod and itself.'), noElectronPattern], [electronImport]),
  layer(
    ['electron/core/**'],
    [noElectronPattern, pattern(['**/host/**', '**/main/**', '**/cli/**', '**/preload/**', '**/renderer/**'], 'core depends on shared only.')],
    [electronImport],
  ),
  layer(
    ['electron/core/**/!(*.test).ts'],
    [noElectronPattern, pattern(['**/e2e/**', '**/host/**', '**/main/**', '**/cli/**', '**/renderer/**'], 'core code never depends on test infrastructure or outer layers.')],
    [electronImport],
  ),
  layer(['electron/host/**', 'electron/cli/**'], [noElectronPattern, pattern(['**/main/**', '**/renderer/**', '**/preload/**'], 'host and cli run in plain Node.')], [electronImport]),
  layer(['electron/preload/**'], [pattern(['**/core/**', '**/host/**', '**/main/**', '**/renderer/**'], 'preload sees shared types only.')]),
  layer(['renderer/**'], [noElectronPattern, pattern(['**/electron/core/**', '**/electron/host/**', '**/electron/main/**', '**/electron/preload/**', 'node:*'], 'the renderer talks to the typed client only.')], [electronImport]),
  layer(['e2e/comfyui-emulator/**'], [noElectronPattern, pattern(['**/electron/**'], 'the emulator is independent of Heirloom: it plays ComfyUI.')], [electronImport]),
);
