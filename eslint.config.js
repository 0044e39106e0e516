// Lint rules that hold the layers apart (ARCHITECTURE.md, "The layers"). They are enforced here, not by good will:
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

const noRenderer = { regex: '(^|\\/)src-renderer(\\/|$)', message: 'Main never imports the renderer.' };

/**
 * A pattern refusing imports of sibling folders of src-main, by relative path (`../../ipc/x`) or
 * by a path naming src-main (`src-main/ipc/x`).
 */
function noMainFolders(folders, message) {
  const names = folders.join('|');
  return { regex: `^(\\.\\.\\/)+(${names})(\\/|$)|(^|\\/)src-main\\/(${names})(\\/|$)`, message };
}

const coreStaysPlain = noMainFolders(['ipc', 'host', 'app', 'web', 'cli'], 'core never imports ipc, host, app, web, cli or the renderer.');

/**
 * What each folder of src-main may not import. The arrows point one way: core knows no caller;
 * ipc (routing and handlers) knows core but no host or shell; host (composition root, embedded
 * sandbox, CSP, renderer files) wires core and ipc for the shells; app, web and cli are the shells,
 * none of which imports another, and cli drives core's services without the IPC router.
 */
const mainLayers = [
  { files: ['src-main/**/*.ts'], ignores: ['src-main/app/**'], patterns: [noElectron, noRenderer] },
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/sandbox/**'],
    patterns: [
      noElectron,
      noRenderer,
      coreStaysPlain,
      {
        regex: '(^|\\/)sandbox(\\/|$)',
        message: 'The client side of core never imports the Local sandbox: tests against it must check two independent sides.',
      },
    ],
  },
  { files: ['src-main/core/sandbox/**/*.ts'], patterns: [noElectron, noRenderer, coreStaysPlain] },
  {
    files: ['src-main/ipc/**/*.ts'],
    patterns: [
      noElectron,
      noRenderer,
      noMainFolders(['host', 'app', 'web', 'cli'], 'ipc is transport-agnostic routing and handlers: it never imports host, app, web or cli.'),
    ],
  },
  {
    files: ['src-main/host/**/*.ts'],
    patterns: [noElectron, noRenderer, noMainFolders(['app', 'web', 'cli'], 'host serves the shells and never imports app, web or cli.')],
  },
  { files: ['src-main/app/**/*.ts'], patterns: [noRenderer, noMainFolders(['web', 'cli'], 'The Electron shell never imports browser mode or the CLI.')] },
  {
    files: ['src-main/web/**/*.ts'],
    patterns: [noElectron, noRenderer, noMainFolders(['app', 'cli'], 'Browser mode never imports the Electron shell or the CLI.')],
  },
  {
    files: ['src-main/cli/**/*.ts'],
    patterns: [noElectron, noRenderer, noMainFolders(['ipc', 'app', 'web'], 'The CLI uses core services directly: it never imports ipc, app or web.')],
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.tsbuild/**',
      '.cache/**',
      '.tools/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      'assets/**',
    ],
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
  // No type information here: the type-aware rules (floating promises, exhaustive switches) run in
  // oxlint (.oxlintrc.json, `npm run lint:types`), whose typescript-go checker did them in 12 CPU
  // seconds cold where a TypeScript 5 program and these rules took ESLint 44 (83 against 39).
  // Without a program, a file's result depends on that file alone, so `--cache` (in .cache/eslint)
  // is safe.
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
  // src-main's layers (ARCHITECTURE.md): core <- ipc <- host <- app, web, cli. Each block below
  // repeats noElectron and noRenderer because a later block's no-restricted-imports replaces an earlier one.
  ...mainLayers.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
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
