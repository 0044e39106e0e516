import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../cli/cli-harness';

/**
 * `xdm-loader prepare ARGS` from the sources in a fresh process (tsx), for tests that need its
 * own memory figures or that kill it. `env` adds variables (XDM_PEAK_RSS_FILE: report-peak-rss.ts).
 */
export interface PrepareChild {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function spawnPrepare(args: readonly string[], env: Record<string, string> = {}): PrepareChild {
  const preload = ['--import', 'tsx', '--import', path.join(repoRoot, 'test/hostile/report-peak-rss.ts')];
  const child = spawn(process.execPath, [...preload, path.join(repoRoot, 'src-main/cli/main.ts'), 'prepare', ...args], {
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
