import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { childScript } from '../../../setup/child-script';

/**
 * Another process trying an upload job's lock, as `xdm-loader upload` would hold it: it says
 * `held` (and keeps the lock until stopped) or `busy ...` on its first line.
 */
export interface LockChild {
  process: ChildProcess;
  line: string;
  /** Kills it with SIGKILL (it leaves its pid note behind) and waits for its end. */
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

export function tryLockInChild(file: string): Promise<LockChild> {
  // Its bundle, built once per run: through tsx, each of the dozens of children compiled the lock's modules again.
  const script = childScript(repoRoot, 'test/core/jobs/upload/lock-holder-child.ts');
  const proc = spawn(process.execPath, [...script, file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const ended = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await ended;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve({ process: proc, line, stop });
    });
    proc.once('exit', (code) => reject(new Error(`the lock child ended (${String(code)}) before saying anything`)));
  });
}
