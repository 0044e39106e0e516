import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { threadId as mainThreadId } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import { WorkerClient, locateWorker, type WorkerClientOptions } from '../../../src-main/core/workers/index';
import type { TestWorkerApi } from './fixtures/test-worker-api';

/**
 * WorkerClient against a real worker thread (fixtures/test-worker.ts): replies and errors cross
 * the thread with their codes and places, a crash fails what was pending and the next call gets a
 * fresh thread, a cancelled call fails at once and its signal reaches the worker.
 *
 * The worker starts from source through tsx, as the app's workers do when run from source, in the
 * first tests and in the child process; the others start its bundle, found the way locateWorker
 * finds the suite's prebuilt workers. Why: each start from source registers tsx in the new thread
 * and compiles the worker's modules again, and what those tests prove (WorkerClient's replies,
 * errors, crashes, cancels) does not depend on how the thread loaded its script.
 */
const workerFiles = { source: './fixtures/test-worker.ts', bundle: 'test-worker.mjs' };
const root = path.resolve(import.meta.dirname, '..', '..', '..');
// Inside the repository, so the bundle's bare imports resolve from node_modules.
const bundleDir = path.join(root, 'node_modules', '.cache', `xdm-loader-test-worker-${process.pid}`);
/** From source: no folder of bundles to look in. */
const sourceEntry = () => locateWorker(import.meta.url, workerFiles, existsSync, null);
const entry = () => locateWorker(import.meta.url, workerFiles, existsSync, bundleDir);
const clients: Array<WorkerClient<TestWorkerApi>> = [];

function client(options: Partial<WorkerClientOptions> = {}): WorkerClient<TestWorkerApi> {
  const created = new WorkerClient<TestWorkerApi>({ name: 'test', entry, log: () => undefined, ...options });
  clients.push(created);
  return created;
}

beforeAll(async () => {
  await build({
    absWorkingDir: root,
    entryPoints: [fileURLToPath(new URL(workerFiles.source, import.meta.url))],
    outfile: path.join(bundleDir, workerFiles.bundle),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
});

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('WorkerClient', () => {
  it('starts the worker lazily and answers from another thread', async () => {
    const c = client({ entry: sourceEntry });
    expect(sourceEntry().kind).toBe('source');
    expect(c.threadId).toBeNull();
    expect(await c.call('echo', { value: { nested: [1, 'two', null], big: 10n } })).toEqual({ nested: [1, 'two', null], big: 10n });
    const workerThread = await c.call('threadId', {});
    expect(workerThread).not.toBe(mainThreadId);
    expect(c.threadId).toBe(workerThread);
  });

  it('carries an AppError back with its code, message and where', async () => {
    const c = client();
    const error = await rejection(
      c.call('fail', { code: 'FILE_MALFORMED', message: 'people.csv: unclosed quote at line 3', where: { file: 'people.csv', line: 3, column: 'email' } }),
    );
    expect(isAppError(error)).toBe(true);
    expect((error as AppError).toShape()).toEqual({
      code: 'FILE_MALFORMED',
      message: 'people.csv: unclosed quote at line 3',
      where: { file: 'people.csv', line: 3, column: 'email' },
    });
    const bare = await rejection(c.call('fail', { code: 'NOT_FOUND', message: 'nothing here' }));
    expect((bare as AppError).toShape()).toEqual({ code: 'NOT_FOUND', message: 'nothing here' });
  });

  it("keeps a bug a plain Error (so the router logs it and answers INTERNAL), with the worker's stack", async () => {
    const c = client({ entry: sourceEntry });
    const error = await rejection(c.call('bug', { message: 'undefined is not a function' }));
    expect(isAppError(error)).toBe(false);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('TypeError');
    expect((error as Error).message).toBe('undefined is not a function');
    expect((error as Error).stack).toContain('test-worker.ts');
  });

  it('fails pending calls when the worker exits, and the next call starts a fresh worker', async () => {
    const onCrash = vi.fn();
    const c = client({ onCrash });
    const first = await c.call('threadId', {});
    const waiting = c.call('waitForAbort', { ms: 10_000 });
    const error = await rejection(c.call('exit', { code: 7 }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INTERNAL');
    expect((error as AppError).message).toBe('The test worker stopped unexpectedly (it exited with code 7); try again.');
    // The other call the worker held fails the same way, at once.
    expect(await rejection(waiting)).toBe(error);
    expect(onCrash).toHaveBeenCalledTimes(1);
    expect(c.threadId).toBeNull();

    const second = await c.call('threadId', {});
    expect(second).not.toBe(first);
    expect(await c.call('echo', { value: 'alive' })).toBe('alive');
  });

  it('fails pending calls on an uncaught error in the worker, naming it', async () => {
    const c = client();
    const error = await rejection(c.call('explode', { message: 'kaboom' }));
    expect(error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('failed: kaboom') });
    expect(await c.call('echo', { value: 1 })).toBe(1);
  });

  it('cancels a call at once through its signal, and the worker sees the abort', async () => {
    const c = client();
    const controller = new AbortController();
    const started = Date.now();
    const call = c.call('waitForAbort', { ms: 10_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(call);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    await expect.poll(() => c.call('abortsSeen', {})).toBe(1);
  });

  it('fails a call whose signal already aborted without sending it, keeping an AppError reason', async () => {
    const c = client();
    const reason = new AppError('CANCELLED', 'The window that started the job closed.');
    const error = await rejection(c.call('echo', { value: 1 }, { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(c.threadId).toBeNull();
  });

  it('rejects an input or a result that cannot be cloned, and keeps working', async () => {
    const c = client();
    await expect(c.call('echo', { value: () => 1 })).rejects.toThrow(/could not be cloned/);
    const error = await rejection(c.call('unclonable', {}));
    expect(isAppError(error)).toBe(false);
    expect((error as Error).message).toMatch(/could not be cloned/);
    expect(await c.call('echo', { value: 'still here' })).toBe('still here');
  });

  it('passes a call’s progress reports to its caller, in order and before its answer', async () => {
    const seen: unknown[] = [];
    const answer = await client().call('count', { count: 5 }, { onProgress: (value) => seen.push(value) });
    expect(answer).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('runs calls concurrently: a short one is not queued behind a waiting one', async () => {
    const c = client();
    const controller = new AbortController();
    const slow = c.call('waitForAbort', { ms: 10_000 }, { signal: controller.signal });
    expect(await c.call('echo', { value: 'quick' })).toBe('quick');
    controller.abort();
    await expect(slow).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('close() fails pending calls with CANCELLED, ends the thread and refuses later calls', async () => {
    const c = client();
    const pending = rejection(c.call('waitForAbort', { ms: 10_000 }));
    await c.call('echo', { value: 'started' });
    await c.close();
    expect(await pending).toMatchObject({ code: 'CANCELLED' });
    expect(c.threadId).toBeNull();
    await expect(c.call('echo', { value: 1 })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('fails the call, not the process, when the worker script cannot be found', async () => {
    const c = client({ entry: () => locateWorker('file:///nowhere/dist/main/main.mjs', { source: './x.ts', bundle: 'missing.mjs' }) });
    await expect(c.call('echo', { value: 1 })).rejects.toThrow(/missing\.mjs was not found/);
  });

  it('never keeps a process alive while idle, but does while a call waits', async () => {
    const script = fileURLToPath(new URL('./fixtures/idle-client.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 20_000 });
    expect(stdout).toBe('answered\n');
  });
});

describe('locateWorker', () => {
  it('uses the TypeScript entry beside a source module, through a tsx bootstrap', () => {
    const found = locateWorker(import.meta.url, { source: './fixtures/test-worker.ts', bundle: 'none.mjs' });
    expect(found.kind).toBe('source');
    expect(found.url.href).toBe(new URL('./fixtures/test-worker.ts', import.meta.url).href);
    if (found.kind === 'source') expect(found.bootstrap).toMatch(/register\(\).*test-worker\.ts/);
  });

  it('uses the bundle in the folder of prebuilt workers in place of the source, when the folder holds it', () => {
    const found = entry();
    expect(found).toEqual({ kind: 'bundle', url: pathToFileURL(path.join(bundleDir, workerFiles.bundle)) });
    expect(locateWorker(import.meta.url, { ...workerFiles, bundle: 'none.mjs' }, existsSync, bundleDir).kind).toBe('source');
  });

  it("finds a bundle in dist/workers beside the caller's bundle, preferring app.asar.unpacked", () => {
    const exists = (file: string) => file.includes('app.asar.unpacked') || file === '/opt/app/dist/workers/w.mjs';
    expect(locateWorker('file:///opt/app/dist/main/main.mjs', { source: './w.ts', bundle: 'w.mjs' }, exists).url.href).toBe(
      'file:///opt/app/dist/workers/w.mjs',
    );
    expect(locateWorker('file:///r/app.asar/dist/main/main.mjs', { source: './w.ts', bundle: 'w.mjs' }, exists).url.href).toBe(
      'file:///r/app.asar.unpacked/dist/workers/w.mjs',
    );
    // A worker starting another (both in dist/workers) finds its sibling.
    expect(locateWorker('file:///opt/app/dist/workers/a.mjs', { source: './w.ts', bundle: 'w.mjs' }, exists).url.href).toBe(
      'file:///opt/app/dist/workers/w.mjs',
    );
  });
});
