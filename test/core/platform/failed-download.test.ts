import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFailedRecords, startUpload } from '../../../src-main/core/jobs/upload/index';
import { createConnectionService } from '../../../src-main/core/platform/connection-service';
import { listFailedFiles } from '../../../src-main/core/platform/data-access';
import { silentLogger } from '../../../src-main/core/platform/logger';
import type { PlatformClient } from '../../../src-main/core/platform/platform-client';
import { createSecretResolver } from '../../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../../src-main/core/settings/connection-store';
import { startUploadHarness, type UploadHarness, writePrepared } from '../jobs/upload/upload-harness';

/**
 * Failed-record files downloaded from the Local sandbox's Data Access: streamed to disk under a
 * temporary name (never held whole in memory), renamed only once complete, and not downloaded
 * again when a complete copy is already there.
 */
let h: UploadHarness;
let batchId: string;
/** The failed-record file's name in Data Access and its bytes, fetched once as the reference. */
let name: string;
let expected: Buffer;

const MB = 1024 * 1024;

beforeAll(async () => {
  h = await startUploadHarness();
  // Every record invalid and padded: the failed-record file is several megabytes.
  const prepared = await writePrepared(h.dir, 'big-bad', { parts: 1, rowsPerPart: 1500, padding: 4000, badEvery: 1 });
  const result = await startUpload(h.client, {
    input: prepared.dir,
    datasetId: h.datasetId,
    jobsDir: path.join(h.dir, 'jobs'),
    targetKey: 't',
    pollInitialMs: 50,
    confirm: false,
  }).done;
  expect(result.status).toBe('failed');
  batchId = result.batchId;
  const [file] = await listFailedFiles(h.client, batchId);
  if (!file) throw new Error('the batch has no failed-record file');
  name = file.name;
  const response = await h.client.send({
    method: 'GET',
    path: `/data/foundation/export/batches/${batchId}/failed`,
    query: { path: name },
    headers: { accept: '*/*' },
    idempotent: true,
  });
  expected = Buffer.from(response.text);
  expect(expected.length).toBeGreaterThan(5 * MB);
}, 120_000);

afterAll(async () => {
  await h.close();
});

type BodyHook = (forwarded: number, attempt: number) => Promise<'go' | 'cut'>;

/**
 * A client whose failed-record file downloads pass through `hook` after every chunk: it can hold
 * the body (to look at the disk meanwhile) or cut it (a dropped connection). Counts the downloads.
 */
async function clientWith(hook: BodyHook, maxAttempts = 4): Promise<{ client: PlatformClient; downloads: () => number }> {
  let downloads = 0;
  const hooked: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const response = await fetch(input, init);
    if (!url.pathname.endsWith('/failed') || !url.searchParams.has('path') || !response.body) return response;
    downloads += 1;
    const attempt = downloads;
    const reader = response.body.getReader();
    let forwarded = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await reader.read();
        if (next.done) return controller.close();
        controller.enqueue(next.value);
        forwarded += next.value.byteLength;
        if ((await hook(forwarded, attempt)) === 'cut') {
          await reader.cancel();
          controller.error(new TypeError('terminated'));
        }
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const dir = await mkdtemp(path.join(h.dir, 'client-'));
  const service = createConnectionService({
    store: createConnectionStore({ dataDir: dir }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
    fetch: hooked,
    retry: { maxAttempts, baseDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 30_000 },
    localSandbox: () => h.sandbox,
  });
  return { client: await service.client('local'), downloads: () => downloads };
}

/** Bytes of the files in `dir` (the download's own, whatever it names them while writing). */
async function bytesOnDisk(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const sizes = await Promise.all(
    names.map((n) =>
      stat(path.join(dir, n)).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe('failed-record downloads', () => {
  it('streams a file of several MB to disk while it arrives, and names it only once complete', async () => {
    const out = path.join(h.dir, 'streamed');
    let held = false;
    let onDiskMidway = false;
    let finalNameMidway = true;
    const { client } = await clientWith(async (forwarded) => {
      // Halfway through the body, hold it: a streaming download has already written most of it.
      if (!held && forwarded >= expected.length / 2) {
        held = true;
        onDiskMidway = await eventually(async () => (await bytesOnDisk(out)) >= MB, 5_000);
        finalNameMidway = (await readdir(out).catch(() => [] as string[])).includes(name);
      }
      return 'go';
    });
    const files = await downloadFailedRecords(client, batchId, out);
    expect(onDiskMidway).toBe(true);
    expect(finalNameMidway).toBe(false);
    expect(files).toEqual([path.join(out, name)]);
    expect(await readdir(out)).toEqual([name]);
    expect((await readFile(path.join(out, name))).equals(expected)).toBe(true);
  });

  it('never takes a cut download for a complete one: retried whole, or nothing under the name', async () => {
    const cutAt = 2 * MB;
    const once = await clientWith(async (forwarded, attempt) => (attempt === 1 && forwarded >= cutAt ? 'cut' : 'go'));
    const retried = path.join(h.dir, 'cut-once');
    expect(await downloadFailedRecords(once.client, batchId, retried)).toEqual([path.join(retried, name)]);
    expect(once.downloads()).toBe(2);
    expect(await readdir(retried)).toEqual([name]);
    expect((await readFile(path.join(retried, name))).equals(expected)).toBe(true);

    const always = await clientWith(async (forwarded) => (forwarded >= cutAt ? 'cut' : 'go'), 2);
    const broken = path.join(h.dir, 'cut-always');
    await expect(downloadFailedRecords(always.client, batchId, broken)).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(always.downloads()).toBe(2);
    expect(await readdir(broken).catch(() => [] as string[])).toEqual([]);
  });

  it('reuses a complete copy instead of downloading it again; a short one is downloaded again', async () => {
    const { client, downloads } = await clientWith(async () => 'go');
    const out = path.join(h.dir, 'reused');
    const first = await downloadFailedRecords(client, batchId, out);
    expect(downloads()).toBe(1);
    const written = (await stat(path.join(out, name))).mtimeMs;
    expect(await downloadFailedRecords(client, batchId, out)).toEqual(first);
    expect(downloads()).toBe(1);
    expect((await stat(path.join(out, name))).mtimeMs).toBe(written);

    // A file of the wrong size under the name (left by an older version, or edited) is not trusted.
    const short = path.join(h.dir, 'short');
    await mkdir(short, { recursive: true });
    await writeFile(path.join(short, name), expected.subarray(0, 1000));
    expect(await downloadFailedRecords(client, batchId, short)).toEqual([path.join(short, name)]);
    expect(downloads()).toBe(2);
    expect((await readFile(path.join(short, name))).equals(expected)).toBe(true);
  });

  it.skipIf(!existsSync('/proc/self'))(
    'into a folder that cannot be made (/proc/x) fails at once naming it (a recursive mkdir looped there forever)',
    async () => {
      const { client, downloads } = await clientWith(async () => 'go');
      await expect(downloadFailedRecords(client, batchId, '/proc/x/failed')).rejects.toMatchObject({
        path: '/proc/x',
        message: expect.stringContaining('does not take new folders') as string,
      });
      expect(downloads()).toBe(0);
    },
    10_000,
  );
});
