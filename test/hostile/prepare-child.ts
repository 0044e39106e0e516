import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { buildCliBundle, repoRoot } from '../cli/cli-harness';

/**
 * `xdm-loader prepare ARGS` in a fresh process, for tests that need its own memory figures or
 * that kill it. The process runs the CLI bundle (buildPrepareBundle), built from the sources under
 * test, as the shipped CLI runs: started through tsx, each process compiled the CLI's whole module
 * graph again, about two CPU seconds per start, which was most of the hostile sweep's time.
 * report-peak-rss.ts is preloaded by Node itself (its type syntax is stripped, no tsx);
 * `env` adds variables (XDM_PEAK_RSS_FILE: report-peak-rss.ts).
 */
export interface PrepareChild {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The CLI bundle with the workers a prepare starts beside it; build once per file, remove after. */
export function buildPrepareBundle(): Promise<{ file: string; remove(): void }> {
  return buildCliBundle({ workers: ['prepare-worker.mjs', 'file-worker.mjs'] });
}

export function spawnPrepare(bundle: string, args: readonly string[], env: Record<string, string> = {}): PrepareChild {
  const preload = ['--import', path.join(repoRoot, 'test/hostile/report-peak-rss.ts')];
  const child = spawn(process.execPath, [...preload, bundle, 'prepare', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, XDM_LOADER_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exit };
}
