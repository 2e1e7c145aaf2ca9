// @ts-check
// ESLint: JavaScript's recommended rules and typescript-eslint's type-checked ones over
// every TypeScript file of the project (src, commands, packages, bench, playground, tests),
// with eslint-config-prettier last so that formatting is Prettier's alone.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'data/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // Async methods that implement a promise-returning interface without awaiting are
      // intended: a throw inside becomes a rejection, which callers handle; dropping
      // `async` would change that.
      '@typescript-eslint/require-await': 'off',
      // Discord's JSON (the loopback, the playground) and pg's type oids are plain numbers,
      // rightly compared against discord-api-types' and pg's enums.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // A leading underscore marks a name kept on purpose: a destructured field left out
      // of the rest, a parameter an interface requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests and the loopback's test clients read raw gateway frames and REST bodies, and
    // log lines, as untyped JSON, the way a client sees them.
    files: ['tests/**', 'packages/*/tests/**'],
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
    // Async event listeners in the bench's processes and the tests: a rejection there is
    // an unhandled rejection, which ends the bench run or fails the test, as it should.
    files: ['bench/**', 'tests/**', 'packages/*/tests/**'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }] },
  },
  {
    // The loopback Discord quotes back whatever a client sent, objects too, as Discord does.
    files: ['packages/loopback-discord/src/**'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  // Plain JavaScript (this file, the limits package) is outside tsconfig: lint it without types.
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
  prettier,
);
