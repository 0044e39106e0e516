import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { CliContext } from '../../src-main/cli/context';
import { PREBUILT_WORKERS_ENV } from '../../src-main/core/workers/worker-entry';
import { runCli } from '../../src-main/cli/program';

/**
 * Two ways to run the CLI in tests: in-process with captured output, and as the real bundle.
 * Why: in-process runs are fast and cover output details; the bundle, built here with the same
 * esbuild settings as scripts/build.mjs (into a private folder, so parallel builds of dist/ by
 * others cannot interfere), proves the shipped file starts, reads its version and exits right.
 */

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with captured output; `context` replaces parts of the default context
 * (a data folder, a Local sandbox of the test's own).
 */
export async function runInProcess(args: string[], width = 120, context: Partial<CliContext> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    out: { write: (text: string) => (stdout += text) },
    err: { write: (text: string) => (stderr += text) },
    version: '9.9.9-test',
    env: {},
    width,
    dataDir: () => {
      throw new Error('inspect needs no data folder');
    },
    ...context,
  };
  const code = await runCli(args, ctx);
  return { code, stdout, stderr };
}

/**
 * Bundles src-main/cli/main.ts; returns the bundle's path and a cleanup. `workers` (bundle file
 * names, e.g. prepare-worker.mjs) are put in `workers/` beside it, where the shipped CLI looks:
 * copies of the run's prebuilt bundles (test/setup/worker-bundles.ts), built from the sources under test.
 */
export async function buildCliBundle(options: { workers?: readonly string[] } = {}): Promise<{ file: string; remove(): void }> {
  // Inside the repository, so the bundle's bare imports (papaparse, commander...) resolve from node_modules.
  const dir = path.join(repoRoot, 'node_modules', '.cache', `xdm-loader-cli-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'xdm-loader.mjs');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['src-main/cli/main.ts'],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    banner: { js: "import { createRequire as __xdmCreateRequire } from 'node:module'; const require = __xdmCreateRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  if (options.workers?.length) {
    const prebuilt = process.env[PREBUILT_WORKERS_ENV];
    if (!prebuilt) throw new Error(`${PREBUILT_WORKERS_ENV} is not set: run the test under vitest's global setup`);
    mkdirSync(path.join(dir, 'workers'), { recursive: true });
    for (const worker of options.workers) {
      const from = path.join(prebuilt, worker);
      if (!existsSync(from)) throw new Error(`No prebuilt worker ${worker} in ${prebuilt}`);
      copyFileSync(from, path.join(dir, 'workers', worker));
    }
  }
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the bundle in a child process; `env` adds variables (XDM_LOADER_HOME: a data folder of the test's own). */
export function runBundle(bundle: string, args: string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env, XDM_LOADER_DEBUG: '' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
