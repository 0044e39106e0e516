import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { UploadJobEvent } from '../../src-shared/ipc/job-events';
import type { SettingsView } from '../../src-shared/ipc/requests/settings';
import type { RequestContext } from '../../src-main/ipc/context';
import { newJobId } from '../../src-main/ipc/jobs/job-registry';
import { startSandboxHandlers, until, type SandboxHandlers } from './sandbox-handlers';
import { writePrepared } from '../core/jobs/upload/upload-harness';

/**
 * The Settings screen's "Transfers at a time" and "Chunk size" reach a new upload: saved through
 * `settings.save`, then an upload (started without either) of a part above the single-PUT limit
 * sends chunks of exactly that size, and never more requests at once than that concurrency, as a
 * proxy in front of the Local sandbox sees them arrive.
 */
const ctx: RequestContext = { transport: 'websocket' };
const MIB = 1024 * 1024;
/** Each chunk is held this long before it goes on, so transfers started together overlap. */
const HOLD_MS = 150;

interface Received {
  /** Every chunk's Content-Range and body length, in arrival order. */
  chunks: Array<{ range: string; bytes: number }>;
  /** The most PATCHes (chunks) the sandbox had in flight at once. */
  maxInFlight: number;
}

/** A loopback proxy to `target` that records the chunks it forwards and how many were in flight at once. */
async function recordingProxy(target: string): Promise<{ url: string; received: Received; server: Server }> {
  const received: Received = { chunks: [], maxInFlight: 0 };
  let inFlight = 0;
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunk = req.method === 'PATCH';
    if (chunk) {
      inFlight += 1;
      received.maxInFlight = Math.max(received.maxInFlight, inFlight);
    }
    const body: Buffer[] = [];
    req.on('data', (data: Buffer) => body.push(data));
    req.on('end', () => {
      const payload = Buffer.concat(body);
      if (chunk) received.chunks.push({ range: String(req.headers['content-range']), bytes: payload.length });
      setTimeout(
        () => {
          const forward = request(
            { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
            (answer: IncomingMessage) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
              answer.on('end', () => {
                if (chunk) inFlight -= 1;
              });
            },
          );
          forward.on('error', (error) => res.destroy(error));
          forward.end(payload);
        },
        chunk ? HOLD_MS : 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

let handlers: SandboxHandlers;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
const events: AppEvent[] = [];

beforeAll(async () => {
  handlers = await startSandboxHandlers({
    emit: (event) => events.push(event),
    // Parts above 1 MiB go in chunks (AEP's limit is 256 MiB; a test file need not be that large).
    uploadTuning: { pollInitialMs: 50, pollMaxMs: 200, singlePutMaxBytes: MIB, confirm: false },
    localSandbox: async (h) => {
      proxy = await recordingProxy(h.sandbox.url);
      return { url: proxy.url, credentials: h.sandbox.credentials };
    },
  });
}, 60_000);

afterAll(async () => {
  await handlers.jobs.cancelAll();
  await new Promise((resolve) => proxy.server.close(resolve));
  await handlers.h.close();
});

async function value<T>(name: string, input: unknown): Promise<T> {
  const reply = await handlers.router.handle(name, input, ctx);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

describe('a new upload runs with the saved concurrency and chunk size', () => {
  it('sends 5 MiB chunks, at most 2 at a time, after Settings saved 2 transfers and 5 MiB', async () => {
    // Neither is the default (4 at a time, 64 MiB), so a default cannot pass for them.
    const saved = await value<SettingsView>('settings.save', { uploadConcurrency: 2, uploadChunkSizeMb: 5 });
    expect(saved.settings).toMatchObject({ uploadConcurrency: 2, uploadChunkSizeMb: 5 });

    // One part of about 16.8 MB: four chunks, so two at a time is a limit the upload meets.
    const prepared = await writePrepared(handlers.jobsRoot, 'tuned', { parts: 1, rowsPerPart: 200, padding: 84_000 });
    expect(prepared.bytes).toBeGreaterThan(15 * MIB);
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: handlers.h.datasetId,
    });
    const end = await until(() =>
      events.find((e): e is UploadJobEvent => e.type === 'job' && e.jobId === jobId && (e.phase === 'finished' || e.phase === 'failed')),
    );
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ status: 'success', recordsWritten: 200 });

    const chunk = 5 * MIB;
    const expected = Array.from({ length: Math.ceil(prepared.bytes / chunk) }, (_, i) => {
      const start = i * chunk;
      const stop = Math.min(start + chunk, prepared.bytes);
      return { range: `bytes ${start}-${stop - 1}`, bytes: stop - start };
    });
    const byStart = (a: { range: string }, b: { range: string }) => Number(/\d+/.exec(a.range)?.[0]) - Number(/\d+/.exec(b.range)?.[0]);
    expect([...proxy.received.chunks].sort(byStart)).toEqual(expected);
    expect(proxy.received.maxInFlight).toBe(2);
  }, 120_000);
});
