import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Finding and starting a worker thread's script, from source (vitest, tsx) and from the build.
 *
 * From source the entry is a TypeScript file beside the caller's module and needs tsx's loader;
 * Node 20 ignores `--import tsx` in a worker's `execArgv`, so a two-line bootstrap registers tsx's
 * hooks inside the thread and then imports the source. Bundled, the caller is one of `dist/cli/`,
 * `dist/web/`, `dist/main/` or `dist/workers/` (a worker starting another), and scripts/build.mjs
 * writes every worker to `dist/workers/`; inside a packaged Electron app those files sit in
 * `app.asar.unpacked` (electron-builder.yml unpacks them), so that path is tried first.
 * The same rules as the sandbox's processing worker (core/sandbox/processing/worker-entry.ts).
 */

/** A worker script: a bundled file, or a TypeScript source plus the bootstrap that loads it. */
export type WorkerEntry = { kind: 'bundle'; url: URL } | { kind: 'source'; url: URL; bootstrap: string };

export interface WorkerFiles {
  /** The TypeScript entry, relative to the caller's module (used when the caller runs from source). */
  source: string;
  /** The bundle's file name in `dist/workers/`, as scripts/build.mjs writes it. */
  bundle: string;
}

/** tsx's ESM registration API, as a file URL (resolved from the caller's module, not the working directory). */
function tsxEsmApi(moduleUrl: string): string {
  const file = path.join(path.dirname(createRequire(moduleUrl).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs');
  if (!existsSync(file)) throw new Error(`tsx's ESM API was not found at ${file}: a worker cannot run from source`);
  return pathToFileURL(file).href;
}

/** `eval` code for a worker that registers tsx and then imports `source`. */
export function sourceBootstrap(tsxApi: string, source: URL): string {
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
}

/** Whether a module URL is a TypeScript source (tests, tsx) rather than a bundle. */
export function isSourceModule(moduleUrl: string): boolean {
  return /\.[cm]?ts$/.test(fileURLToPath(moduleUrl));
}

/**
 * A folder of worker bundles built from the sources being run, used in their place by a caller
 * that runs from source. Why: a worker started from source registers tsx and compiles its whole
 * module graph again, about a second of CPU per start, and the test suite starts hundreds; it
 * builds every worker once per run with the build's own options instead (test/setup/worker-bundles.ts).
 * A worker missing from the folder (a test's own) still starts from source.
 */
export const PREBUILT_WORKERS_ENV = 'XDM_LOADER_PREBUILT_WORKERS';

/**
 * The worker script for the caller at `moduleUrl` (its `import.meta.url`).
 * Throws with the places it looked when no bundle exists.
 */
export function locateWorker(
  moduleUrl: string,
  files: WorkerFiles,
  exists: (file: string) => boolean = existsSync,
  prebuiltDir: string | null = process.env[PREBUILT_WORKERS_ENV] || null,
): WorkerEntry {
  if (isSourceModule(moduleUrl)) {
    const prebuilt = prebuiltDir === null ? null : path.join(prebuiltDir, files.bundle);
    if (prebuilt !== null && exists(prebuilt)) return { kind: 'bundle', url: pathToFileURL(prebuilt) };
    const url = new URL(files.source, moduleUrl);
    return { kind: 'source', url, bootstrap: sourceBootstrap(tsxEsmApi(moduleUrl), url) };
  }
  const candidates = [
    new URL(`../workers/${files.bundle}`, moduleUrl),
    new URL(`./workers/${files.bundle}`, moduleUrl),
    new URL(`./${files.bundle}`, moduleUrl),
  ];
  const tried: string[] = [];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    const unpacked = file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
    for (const option of unpacked === file ? [file] : [unpacked, file]) {
      tried.push(option);
      if (exists(option)) return { kind: 'bundle', url: pathToFileURL(option) };
    }
  }
  throw new Error(`The worker ${files.bundle} was not found (looked for ${tried.join(', ')}); is scripts/build.mjs bundling it?`);
}

/** Starts a worker on `entry`; a source entry runs through its tsx bootstrap. */
export function spawnWorker(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  if (entry.kind === 'bundle') return new Worker(entry.url, options);
  return new Worker(entry.bootstrap, { ...options, eval: true });
}
