import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `return fail(…)` as an early exit reads better than two lines.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // A function reads at once: a hot path that truly needs more says why beside an eslint-disable.
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  // The collector and its tests are type-checked with Node's settings.
  {
    files: [
      'src/collector/**/*.ts',
      'src/scanner/**/*.ts',
      'test/collector/**/*.ts',
      'test/demo/**/*.ts',
      'test/scanner/**/*.ts',
      'test/unit/**/*.ts',
    ],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.node.json' } },
  },
  {
    files: ['test/collector/**/*.ts', 'test/demo/**/*.ts', 'test/scanner/**/*.ts', 'test/unit/**/*.ts'],
    rules: {
      // node:test's describe and it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.mjs', 'bin/**/*.js'], languageOptions: { globals: globals.node } },
  // Benchmarks run code in the page too.
  { files: ['bench/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  { files: ['test/fixtures/**/*.js', 'demo/**/*.js'], languageOptions: { globals: globals.browser } },
);
