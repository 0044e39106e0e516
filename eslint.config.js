// Lint rules that hold the layers apart (design section 2). They are enforced here, not by good will:
// test/lint/layer-rules.test.ts proves each one rejects what it should.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const nodeBuiltinRegex = `^(node:.*|${nodeBuiltins.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`;

const noElectron = { regex: '^electron(\\/.*)?$', message: 'Only src-main/app may import electron.' };
const noNode = { regex: nodeBuiltinRegex, message: 'This layer runs without Node: no Node built-in modules.' };

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**', 'assets/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Type-aware rules, TypeScript files only: a promise nobody awaits loses its rejection (write
    // `void` where fire-and-forget is meant), and a switch over a union must name every member
    // (a new job status or request kind then fails lint where it is not handled).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A `default:` is a deliberate "everything else"; a switch without one must name every member.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx', 'test/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noElectron, noNode, { regex: '(^|\\/)(src-main|src-renderer)(\\/|$)', message: 'src-shared imports nothing of ours outside src-shared.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noElectron, { regex: '(^|\\/)src-renderer(\\/|$)', message: 'Main never imports the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            {
              regex: '^(\\.\\.\\/)+(ipc|app|web|cli)(\\/|$)|(^|\\/)src-main\\/(ipc|app|web|cli)(\\/|$)|(^|\\/)src-renderer(\\/|$)',
              message: 'core never imports ipc, app, web, cli or the renderer.',
            },
            {
              regex: '(^|\\/)sandbox(\\/|$)',
              message: 'The client side of core never imports the Local sandbox: tests against it must check two independent sides.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            {
              regex: '^(\\.\\.\\/)+(ipc|app|web|cli)(\\/|$)|(^|\\/)src-main\\/(ipc|app|web|cli)(\\/|$)|(^|\\/)src-renderer(\\/|$)',
              message: 'core never imports ipc, app, web, cli or the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noElectron, noNode, { regex: '(^|\\/)src-main(\\/|$)', message: 'The renderer sees only src-shared and the bridge.' }],
        },
      ],
    },
  },
);
