// The Node bundles' configuration, shared by `npm run build` (scripts/build.mjs), `npm run dev`
// (scripts/dev.mjs, which rebuilds them on change) and test/build/build-entries.test.ts.
//
// Two kinds of Node bundle (see `entryKinds` below):
//  - entries (CLI, browser mode, Electron main) keep npm packages external: they run beside
//    node_modules (the repository, or app.asar where Electron resolves through the archive);
//  - worker threads are self-contained: in a packaged app they are loaded from
//    app.asar.unpacked/dist/workers/, where no node_modules exists above them, so every pure-JS
//    dependency is bundled in and only native modules stay external (electron-builder.yml unpacks
//    those, JS side included, to app.asar.unpacked/node_modules/).
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Node entries: [source, output, format]. Add a worker or a new entry here.
 * @type {Array<[source: string, output: string, format: 'esm' | 'cjs']>}
 */
export const nodeEntries = [
  ['src-main/cli/main.ts', 'dist/cli/xdm-loader.mjs', 'esm'],
  ['src-main/web/main.ts', 'dist/web/serve.mjs', 'esm'],
  ['src-main/app/main.ts', 'dist/main/main.mjs', 'esm'],
  // Worker threads: each loads its bundle from dist/workers/, beside the entries above.
  ['src-main/core/jobs/prepare/prepare-worker.ts', 'dist/workers/prepare-worker.mjs', 'esm'],
  // The upload job (jobs.upload): streams parts to AEP off the Electron main thread; tokens by message.
  ['src-main/core/jobs/upload/upload-worker.ts', 'dist/workers/upload-worker.mjs', 'esm'],
  // The streaming job (jobs.stream): paced streaming requests off the Electron main thread; tokens by message.
  ['src-main/core/jobs/stream/stream-worker.ts', 'dist/workers/stream-worker.mjs', 'esm'],
  ['src-main/core/sandbox/processing/processing-worker.ts', 'dist/workers/sandbox-processing.mjs', 'esm'],
  // The file worker (inspect, suggest, preview) and the embedded Local sandbox's HTTP server, which
  // keep that work off the Electron main thread (src-main/core/workers, src-main/host/sandbox-worker.ts).
  ['src-main/core/workers/file-worker.ts', 'dist/workers/file-worker.mjs', 'esm'],
  ['src-main/host/sandbox-worker.ts', 'dist/workers/sandbox-server.mjs', 'esm'],
];

/**
 * What a worker bundle may leave to `node_modules`: native modules only, which cannot be bundled.
 *  - better-sqlite3 (the Local sandbox's store): its JS loads build/Release/better_sqlite3.node
 *    through `bindings`;
 *  - bindings: finds that .node file by walking up from its caller's path on disk, so it only
 *    works from the real package folder (its own dependency, file-uri-to-path, comes with it);
 *  - @napi-rs/keyring and its per-platform packages (@napi-rs/keyring-linux-x64-gnu, ...): the JS
 *    picks a .node package at run time (no worker uses it today: secrets stay in main);
 *  - electron: provided by the runtime (and never imported by core: design section 2).
 * Any other native module reaching a worker fails the build (esbuild has no loader for `.node`),
 * so it has to be added here and to electron-builder.yml's asarUnpack deliberately.
 *
 * Bundled but never run: pino's transports (pino/lib/transport.js, thread-stream) start worker
 * files found through __dirname, which does not exist in ESM output. Fastify pulls pino in; the
 * sandbox creates Fastify with `logger: false`, so no transport is ever started. Everything else
 * bundled uses no __dirname/__filename (test/build/worker-bundles.test.ts checks both claims).
 */
const workerExternals = ['better-sqlite3', 'bindings', '@napi-rs/keyring', '@napi-rs/keyring-*', 'electron'];

const entryKinds = {
  entry: { packages: 'external', external: ['electron'] },
  worker: { external: workerExternals },
};

const banner = {
  // Bundled ESM still meets CommonJS code that calls require() (bundled packages asking for Node
  // built-ins such as 'stream', the externals above); esbuild's __require uses this one.
  js: "import { createRequire as __xdmCreateRequire } from 'node:module'; const require = __xdmCreateRequire(import.meta.url);",
};

/** The sandboxed preload: one CommonJS file, since sandboxed preloads cannot load modules. */
export const preloadEntry = 'src-main/app/preload.ts';

/**
 * Stops the build when a listed entry file is missing: skipping it would ship a dist/ without
 * that program (a worker, the preload) and fail only when the app first needs it.
 */
/** @param {string} root the repository folder */
export function assertEntriesExist(root) {
  const missing = [...nodeEntries.map(([src]) => src), preloadEntry].filter((src) => !existsSync(path.join(root, src)));
  if (missing.length > 0) {
    throw new Error(`Entry files listed in scripts/build.mjs are missing: ${missing.join(', ')}. Restore them or update the list.`);
  }
}

/**
 * esbuild's options for every Node bundle, the preload last, in the layout of dist/.
 * `outRoot` is the folder that stands for dist/ (`--outdir` in build.mjs).
 * @param {string} root the repository folder
 * @param {string} outRoot
 * @returns {import('esbuild').BuildOptions[]}
 */
export function nodeBundleOptions(root, outRoot) {
  /** `dist/x/y.mjs` -> the same file under the output folder. */
  const output = (file) => path.join(outRoot, path.relative('dist', file));
  const bundles = nodeEntries.map(([src, out, format]) => ({
    absWorkingDir: root,
    entryPoints: [src],
    outfile: output(out),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format,
    ...entryKinds[out.startsWith('dist/workers/') ? 'worker' : 'entry'],
    sourcemap: true,
    banner: format === 'esm' ? banner : undefined,
    logLevel: 'warning',
  }));
  const preload = {
    absWorkingDir: root,
    entryPoints: [preloadEntry],
    outfile: output('dist/main/preload.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['electron'],
    sourcemap: 'inline',
    logLevel: 'warning',
  };
  return [...bundles, preload];
}
