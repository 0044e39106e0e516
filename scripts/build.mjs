// Builds everything into dist/: the renderer with Vite, and every Node entry with esbuild.
//
//   node scripts/build.mjs [node] [renderer] [--outdir DIR]
//
// With no part named, both are built and dist/ is emptied first. `--outdir DIR` writes the same
// layout (cli/, web/, main/, workers/, renderer/) into DIR instead of dist/, so a test can build
// with this very configuration without touching the dist/ others are using.
//
// The Node bundles' entries and options are in scripts/build-config.mjs.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';
import { assertEntriesExist, nodeBundleOptions } from './build-config.mjs';
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

async function buildNode() {
  assertEntriesExist(root);
  await Promise.all(nodeBundleOptions(root, outRoot).map((options) => esbuild(options)));
}

async function buildRenderer() {
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    ...(outdirAt === -1 ? {} : { build: { outDir: path.join(outRoot, 'renderer') } }),
  });
}

if (only.length === 0) rmSync(outRoot, { recursive: true, force: true });
const started = Date.now();
await Promise.all([want('node') ? buildNode() : null, want('renderer') ? buildRenderer() : null]);
console.log(`built ${outdirAt === -1 ? 'dist' : outRoot}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
