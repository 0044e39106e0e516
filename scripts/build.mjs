// Builds everything into dist/: the renderer with Vite, and every Node entry with esbuild.
//
//   node scripts/build.mjs [node] [renderer] [--outdir DIR]
//
// With no part named, both are built and dist/ is emptied first. `--outdir DIR` writes the same
// layout (cli/, web/, main/, workers/, renderer/) into DIR instead of dist/, so a test can build
// with this very configuration without touching the dist/ others are using.
//
// Two kinds of Node bundle (see `entryKinds` below):
//  - entries (CLI, browser mode, Electron main) keep npm packages external: they run beside
//    node_modules (the repository, or app.asar where Electron resolves through the archive);
//  - worker threads are self-contained: in a packaged app they are loaded from
//    app.asar.unpacked/dist/workers/, where no node_modules exists above them, so every pure-JS
//    dependency is bundled in and only native modules stay external (electron-builder.yml unpacks
//    those, JS side included, to app.asar.unpacked/node_modules/).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const args = process.argv.slice(2);
const outdirAt = args.indexOf('--outdir');
if (outdirAt !== -1 && !args[outdirAt + 1]) throw new Error('--outdir needs a folder');
const outRoot = outdirAt === -1 ? path.join(root, 'dist') : path.resolve(args[outdirAt + 1]);
const only = outdirAt === -1 ? args : args.filter((_, i) => i !== outdirAt && i !== outdirAt + 1);
for (const part of only) if (part !== 'node' && part !== 'renderer') throw new Error(`Unknown part ${part} (node, renderer)`);
const want = (part) => only.length === 0 || only.includes(part);
/** `dist/x/y.mjs` -> the same file under the output folder. */
const output = (file) => path.join(outRoot, path.relative('dist', file));

/** Node entries: [source, output, format]. Add a worker or a new entry here. */
const nodeEntries = [
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

async function buildNode() {
  await Promise.all(
    nodeEntries
      .filter(([src]) => existsSync(path.join(root, src)))
      .map(([src, out, format]) =>
        esbuild({
          absWorkingDir: root,
          entryPoints: [src],
          outfile: output(out),
          bundle: true,
          platform: 'node',
          target: 'node20',
          format,
          ...entryKinds[out.startsWith('dist/workers/') ? 'worker' : 'entry'],
          sourcemap: true,
          banner: format === 'esm' ? banner : undefined,
          logLevel: 'warning',
        }),
      ),
  );
  // The sandboxed preload must be one CommonJS file: sandboxed preloads cannot load modules.
  if (existsSync(path.join(root, 'src-main/app/preload.ts'))) {
    await esbuild({
      absWorkingDir: root,
      entryPoints: ['src-main/app/preload.ts'],
      outfile: output('dist/main/preload.cjs'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['electron'],
      sourcemap: 'inline',
      logLevel: 'warning',
    });
  }
}

async function buildRenderer() {
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    ...(outdirAt === -1 ? {} : { build: { outDir: output('dist/renderer') } }),
  });
}

if (only.length === 0) rmSync(outRoot, { recursive: true, force: true });
const started = Date.now();
await Promise.all([want('node') ? buildNode() : null, want('renderer') ? buildRenderer() : null]);
console.log(`built ${outdirAt === -1 ? 'dist' : outRoot}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
