import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { GroupedSequencer } from './test/setup/grouped-sequencer';

/**
 * The unit and integration tests. `fast` and `fast-isolated` are `npm run test:fast`, the edit-test
 * loop; `slow` holds the files that dominate the suite's time. `npm test` runs all three: no test
 * is dropped.
 */

/** Left out of `test:fast`, each for its cost. */
const slowTests = [
  // Kill: starts the CLI, kills it mid-upload and resumes it.
  'test/cli/upload-kill.test.ts',
  // Build: bundle the workers and the embedded sandbox with esbuild, then run the bundles.
  'test/build/worker-bundles.test.ts',
  'test/host/sandbox-worker-bundle.test.ts',
  // Property runs in the thousands, or over real worker threads and files.
  'test/core/jobs/prepare/fast-record-builder.test.ts',
  'test/core/jobs/prepare/parallel-prepare.test.ts',
  'test/core/jobs/prepare/run-prepare.test.ts',
  'test/core/jobs/prepare/part-writer.test.ts',
  // Parses rows of MAX_ROW_CHARS characters (tens of seconds on a loaded machine).
  'test/core/sources/row-batches.test.ts',
  // ESLint's start-up with the whole configuration.
  'test/lint/layer-rules.test.ts',
  // Large files: 50 MB inputs prepared in fresh processes; several MB written onto a full disk.
  'test/hostile/peak-rss.test.ts',
  // Every hostile input class through `xdm-loader prepare`, each in a fresh process of the CLI bundle.
  'test/hostile/hostile-sweep.test.ts',
  'test/hostile/full-disk.test.ts',
  // Kill: a prepare of 40 MB in a process of the CLI bundle, killed with SIGKILL while it rewrites its folder.
  'test/hostile/killed-prepare.test.ts',
  // Kill and crash: jobs suspended at shutdown and resumed, worker threads terminated midway,
  // uploads resumed at start, processing restarted in the middle of a batch. Each runs whole
  // uploads against the Local sandbox with real worker threads; together they were half of
  // test:fast's time (per-file durations of `vitest run --reporter=json`).
  'test/ipc/ingest-handlers.test.ts',
  'test/ipc/job-kinds.test.ts',
  'test/ipc/resume-on-start.test.ts',
  'test/sandbox/processing-worker.test.ts',
  // Large file: a prepare of 83 MB, big enough to be still running when jobs.cancel arrives.
  'test/ipc/prepare-cancel.test.ts',
  // Large file: a targets.propose over 400,000 rows (24 MB), big enough to be still reading when cancelled.
  'test/ipc/propose-cancel.test.ts',
  // Whole processes: the CLI bundle built, then spawned once per case (version, help, inspect, exit codes).
  'test/cli/inspect-bundle.test.ts',
  // The CLI's upload, status and failed, each a whole upload through a started sandbox.
  'test/cli/upload.test.ts',
  // The CLI bundle in child processes held by a server's long Retry-After, interrupted or killed.
  'test/cli/upload-wait-retry-after.test.ts',
  'test/cli/upload-lock.test.ts',
];

/**
 * Files that each need a process of their own: those that replace a module for the whole file
 * (`vi.mock('electron')`), so the stand-in never reaches another file, and the keychain test that
 * points D-Bus at nowhere, because the native keyring keeps the session bus connection an earlier
 * file in the same process opened, and would save through it. Named one by one: each costs a fresh
 * fork (its runtime and environment started again), and the other files of test/app replace no
 * module (test/setup/shared-forks.test.ts fails if one starts to).
 */
const isolatedTests = [
  'test/app/app-protocol.test.ts',
  'test/app/ipc-bridge.test.ts',
  'test/app/open-file.test.ts',
  'test/app/security.test.ts',
  'test/core/secrets/keychain-unavailable.test.ts',
];

/** The React Spectrum entries the renderer imports, each bundled by the dependency optimizer. */
export const spectrumEntries = ['@adobe/react-spectrum', '@adobe/react-spectrum/Icon'];

/** A bundler plugin that resolves every `.css` import to nothing (jsdom applies no style). */
const withoutCss = {
  name: 'without-css',
  resolveId: (source: string) => (source.endsWith('.css') ? { id: '\0empty.css', moduleSideEffects: false } : null),
  load: (id: string) => (id === '\0empty.css' ? '' : null),
};

const include = ['test/**/*.test.ts', 'test/**/*.test.tsx'];
const exclude = ['test/e2e/**', 'test/electron/**', 'node_modules/**'];

export default defineConfig({
  // The worktree's own cache (node_modules may be shared between checkouts): the optimized deps.
  cacheDir: '.cache/vite',
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Every worker thread bundled once per run: started from source, each worker compiled its
    // module graph through tsx again (test/setup/worker-bundles.ts).
    // The same for the scripts tests start as child processes (test/setup/child-bundles.ts).
    globalSetup: ['test/setup/worker-bundles.ts', 'test/setup/child-bundles.ts'],
    // One fork per core. Vitest's own default for a run is one fewer than the cores: one fork on a
    // 2-core machine, so the suite ran file after file although most files wait on sockets, child
    // processes and worker threads rather than compute.
    maxWorkers: availableParallelism(),
    // A project's files of one environment one after the other, so that a shared fork is kept from
    // file to file (test/setup/grouped-sequencer.ts).
    sequence: { sequencer: GroupedSequencer },
    // Component tests (jsdom) render React Spectrum. Its package is bundled once into one file by
    // Vite's dependency optimizer and kept in cacheDir between runs (rebuilt when the lockfile or
    // this configuration changes). Inlined module by module instead, its hundreds of modules were
    // transformed by Vite at every run and evaluated by the module runner in each fork: 17.4 CPU s
    // for the six jsdom files, 8.6 with the bundle. Its modules import their CSS, which jsdom never
    // applies (Vitest served it as empty modules before): the bundle leaves those imports out, so
    // Node can load it as it is. The icons stay inlined so that their import of
    // '@adobe/react-spectrum/Icon' reaches the same bundle (one copy of React Spectrum's contexts).
    // A renderer import of another React Spectrum entry fails with `Unknown file extension ".css"`:
    // add the entry to `include` (test/setup/spectrum-entries.test.ts).
    server: { deps: { inline: [/@spectrum-icons\//] } },
    deps: { optimizer: { client: { enabled: true, include: spectrumEntries, rolldownOptions: { plugins: [withoutCss] } } } },
    projects: [
      // Not isolated: a fork runs file after file with the modules it has already imported. Each
      // file in a fresh module graph spent most of test:fast's CPU importing the same modules again
      // (zod contract, ajv, fastify, the sandbox), three times the CPU of the tests themselves.
      // The files restore what they change (env, globals, timers) after each test, and replace no
      // module (test/setup/shared-forks.test.ts).
      { extends: true, test: { name: 'fast', include, exclude: [...exclude, ...slowTests, ...isolatedTests], isolate: false } },
      { extends: true, test: { name: 'fast-isolated', include: isolatedTests, exclude: [...exclude, ...slowTests] } },
      { extends: true, test: { name: 'slow', include: slowTests, exclude } },
    ],
  },
});
