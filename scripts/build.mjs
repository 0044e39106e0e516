// Builds everything into dist/: the renderer with Vite, and every Node entry with esbuild.
// Node entries keep npm packages external (they ship in node_modules, native ones included).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);

/** Node entries: [source, output, format]. Add a worker or a new entry here. */
const nodeEntries = [
  ['src-main/cli/main.ts', 'dist/cli/xdm-loader.mjs', 'esm'],
  ['src-main/web/main.ts', 'dist/web/serve.mjs', 'esm'],
  ['src-main/app/main.ts', 'dist/main/main.mjs', 'esm'],
  // Worker threads: each loads its bundle from dist/workers/, beside the entries above.
  ['src-main/core/jobs/prepare/prepare-worker.ts', 'dist/workers/prepare-worker.mjs', 'esm'],
  ['src-main/core/sandbox/processing/processing-worker.ts', 'dist/workers/sandbox-processing.mjs', 'esm'],
  // The file worker (inspect, suggest, preview) and the embedded Local sandbox's HTTP server, which
  // keep that work off the Electron main thread (src-main/core/workers, src-main/ipc/sandbox-worker.ts).
  ['src-main/core/workers/file-worker.ts', 'dist/workers/file-worker.mjs', 'esm'],
  ['src-main/ipc/sandbox-worker.ts', 'dist/workers/sandbox-server.mjs', 'esm'],
];

const banner = {
  // Bundled ESM still meets CommonJS packages that call require(); give them one.
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
          outfile: out,
          bundle: true,
          platform: 'node',
          target: 'node20',
          format,
          packages: 'external',
          external: ['electron'],
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
      outfile: 'dist/main/preload.cjs',
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
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

if (only.length === 0) rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const started = Date.now();
await Promise.all([want('node') ? buildNode() : null, want('renderer') ? buildRenderer() : null]);
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
