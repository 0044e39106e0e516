/**
 * Finding the processing worker's script, from source (vitest, tsx) and from the bundled app.
 *
 * From source the worker is the TypeScript file beside this module and needs tsx's loader; Node 20
 * does not apply `--import tsx` from a worker's `execArgv`, so a small bootstrap registers tsx's
 * hooks inside the worker and then imports the source. Bundled, the caller is one of `dist/cli/`,
 * `dist/web/` or `dist/main/`, and scripts/build.mjs writes the worker to
 * `dist/workers/sandbox-processing.mjs`, a sibling folder; inside a packaged Electron app that file
 * may sit in `app.asar.unpacked` instead of `app.asar`, so that path is tried first.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The bundled worker's file name, as scripts/build.mjs writes it. */
export const BUNDLED_WORKER = 'sandbox-processing.mjs';
/** The worker's source file, beside this module. */
export const SOURCE_WORKER = 'processing-worker.ts';

/** A worker script: a bundled file, or a TypeScript source plus the bootstrap that loads it. */
export type WorkerEntry = { kind: 'bundle'; url: URL } | { kind: 'source'; url: URL; bootstrap: string };

/** tsx's ESM registration API, as a file URL (resolved from the module, not from the working directory). */
function tsxEsmApi(moduleUrl: string): string {
  const file = path.join(path.dirname(createRequire(moduleUrl).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs');
  if (!existsSync(file)) throw new Error(`tsx's ESM API was not found at ${file}: the sandbox cannot run its worker from source`);
  return pathToFileURL(file).href;
}

/** `eval` code for a worker that registers tsx and imports `source`. */
export function sourceBootstrap(tsxApi: string, source: URL): string {
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
}

/**
 * The worker script for the module at `moduleUrl` (the caller's `import.meta.url`).
 *
 * Throws with the places it looked when no bundled worker exists.
 */
export function resolveProcessingWorker(moduleUrl: string, exists: (file: string) => boolean = existsSync): WorkerEntry {
  const modulePath = fileURLToPath(moduleUrl);
  if (/\.[cm]?ts$/.test(modulePath)) {
    const url = new URL(`./${SOURCE_WORKER}`, moduleUrl);
    return { kind: 'source', url, bootstrap: sourceBootstrap(tsxEsmApi(moduleUrl), url) };
  }
  const candidates = [new URL(`../workers/${BUNDLED_WORKER}`, moduleUrl), new URL(`./workers/${BUNDLED_WORKER}`, moduleUrl), new URL(`./${BUNDLED_WORKER}`, moduleUrl)];
  const tried: string[] = [];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    const unpacked = file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
    for (const option of unpacked === file ? [file] : [unpacked, file]) {
      tried.push(option);
      if (exists(option)) return { kind: 'bundle', url: pathToFileURL(option) };
    }
  }
  throw new Error(`The sandbox processing worker was not found (looked for ${tried.join(', ')}); is scripts/build.mjs bundling it?`);
}
