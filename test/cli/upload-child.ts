import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startUploadHarness, type UploadHarness } from '../core/jobs/upload/upload-harness';
import { buildCliBundle, repoRoot } from './cli-harness';

/**
 * `xdm-loader upload` as the real bundle in a child process, against the harness's Local sandbox
 * (which, like AEP, outlives the client): for tests that kill or interrupt it.
 */
export interface UploadChild {
  child: ChildProcess;
  exit: Promise<UploadExit>;
  /** Resolves once stderr has a line matching `pattern` (or the child ended). */
  stderrLine(pattern: RegExp): Promise<string | undefined>;
}

export interface UploadExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A test file's Local sandbox (its upload harness) and CLI bundle, started before its tests and stopped after. */
export interface UploadChildFixture {
  readonly h: UploadHarness;
  readonly bundle: string;
  /** The CLI's data folder (XDM_LOADER_HOME): its jobs folder holds the upload journals. */
  readonly home: string;
}

export function useUploadChildFixture(): UploadChildFixture {
  let h: UploadHarness | undefined;
  let bundle: { file: string; remove(): void } | undefined;
  beforeAll(async () => {
    [h, bundle] = await Promise.all([startUploadHarness(), buildCliBundle()]);
  }, 60_000);
  afterAll(async () => {
    bundle?.remove();
    await h?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the upload fixture is not started (use it inside tests)');
    return value;
  };
  return {
    get h() {
      return started(h);
    },
    get bundle() {
      return started(bundle).file;
    },
    get home() {
      return path.join(started(h).dir, 'home');
    },
  };
}

/** The upload of `dir` into the harness's dataset with `--json`; `extra` adds options. */
export function spawnUpload(f: UploadChildFixture, dir: string, extra: readonly string[]): UploadChild {
  const { h, bundle, home } = f;
  const { orgId, clientId, sandboxName } = h.sandbox.credentials;
  const args = [
    bundle,
    'upload',
    dir,
    '--dataset',
    h.datasetId,
    '--platform-url',
    h.sandbox.url,
    '--ims-url',
    h.sandbox.url,
    '--org',
    orgId,
    '--client-id',
    clientId,
    '--sandbox',
    sandboxName,
    '--json',
    ...extra,
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, XDM_LOADER_HOME: home, XDM_LOADER_CLIENT_SECRET: h.sandbox.credentials.clientSecret, XDM_LOADER_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiting: Array<() => void> = [];
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    waiting.splice(0).forEach((check) => check());
  });
  const exit = new Promise<UploadExit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const stderrLine = (pattern: RegExp): Promise<string | undefined> =>
    new Promise((resolve) => {
      const check = (): void => {
        const line = stderr.split('\n').find((l) => pattern.test(l));
        if (line !== undefined) resolve(line);
        else waiting.push(check);
      };
      void exit.then(() => resolve(stderr.split('\n').find((l) => pattern.test(l))));
      check();
    });
  return { child, exit, stderrLine };
}

/** What `upload --json` prints, the fields these tests read. */
export interface UploadJson {
  batchId: string;
  status: string;
  recordsWritten: number;
  recordsFailed: number;
  resumed: boolean;
}

/** The journal lines of the job whose run record names `dir`, in the data folder `home`. */
export async function journalOf(home: string, dir: string): Promise<string> {
  const jobs = path.join(home, 'jobs');
  const names = await readdir(jobs).catch(() => [] as string[]);
  for (const name of names) {
    const text = await readFile(path.join(jobs, name, 'journal.jsonl'), 'utf8').catch(() => '');
    if (text.includes(JSON.stringify(dir))) return text;
  }
  return '';
}
