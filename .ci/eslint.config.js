// Flat ESLint config: the recommended JavaScript and typescript-eslint rules, with few adjustments.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { resolve } from 'node:path';
import tseslint from 'typescript-eslint';

/** `describe.only`, `it.skip`, `test.only`, `xit`, `fdescribe`...: a focused or skipped test hides failures. */
const FOCUSED_OR_SKIPPED = [
  {
    selector: 'CallExpression > MemberExpression.callee[object.name=/^(describe|it|test)$/][property.name=/^(only|skip|todo)$/]',
    message: 'Do not commit focused, skipped or todo tests: every test must run and be able to fail.',
  },
  {
    selector: "CallExpression > MemberExpression.callee[object.type='MemberExpression'][object.object.name=/^(describe|it|test)$/][object.property.name=/^(only|skip)$/]",
    message: 'Do not commit focused or skipped tests (e.g. it.skip.each): every test must run and be able to fail.',
  },
  {
    selector: 'CallExpression > Identifier.callee[name=/^(xdescribe|xit|xtest|fdescribe|fit)$/]',
    message: 'Do not commit focused or skipped tests: every test must run and be able to fail.',
  },
];

export default defineConfig(
  // src/web/public/*.js are static browser scripts served as they are, outside the TypeScript program.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'src/web/public/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Type-aware rules read the program tsconfig.json describes (src, test and migrations).
      parserOptions: { projectService: true, tsconfigRootDir: resolve(import.meta.dirname, '..') },
    },
    rules: {
      // A promise nobody awaits loses its error and its ordering; `void` marks the deliberate ones.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A switch over a union (a status, a role, an event kind) must name every member, so that a new one fails to lint where it is not handled.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false }],
      // `_name` marks a parameter that an interface requires but this implementation ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest modules are classes with decorators and no members (`@Module({}) export class X {}`).
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-syntax': ['error', ...FOCUSED_OR_SKIPPED],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // HTTP answers are untyped JSON in tests (`res.body.token`); the service code stays strict.
      '@typescript-eslint/no-explicit-any': 'off',
      // Test support may assert what it just started (`this.server!`).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
