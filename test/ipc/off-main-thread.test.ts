import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MappingFile } from '../../src-shared/mapping/mapping-types';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import { inspectFile } from '../../src-main/core/sources/index';
import { createFileWorkClient, type FileWorkClient } from '../../src-main/core/workers/index';
import type { RequestContext } from '../../src-main/ipc/context';
import { createEmbeddedSandbox } from '../../src-main/host/embedded-sandbox';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';
import { processOneRecord } from './local-sandbox-batch';

/**
 * The long operations of the IPC handlers run off the main thread (design §3): a big inspection
 * through the router leaves this thread's event loop nearly idle, where the same inspection run
 * here keeps it busy; and the embedded Local sandbox answers HTTP while this thread is busy.
 */
const ctx: RequestContext = { transport: 'electron' };
let home: string;
let bigCsv: string;
let work: FileWorkClient;
let files: FileRegistry;
let router: ReturnType<typeof createRouter<RequestContext>>;

/** A CSV of about 1.5 MiB with 30 columns of numbers, dates and quoted text: a full 1 MiB head to parse. */
async function writeBigCsv(file: string): Promise<void> {
  const columns = 30;
  const lines = [Array.from({ length: columns }, (_, i) => `col_${i}`).join(',')];
  let size = 0;
  for (let r = 0; size < 1.5 * 1024 * 1024; r++) {
    const row = Array.from({ length: columns }, (_, i) =>
      i % 3 === 0 ? String(r * i) : i % 3 === 1 ? `2024-0${(r % 9) + 1}-1${r % 10}` : `"name ${r}, ${i}"`,
    ).join(',');
    lines.push(row);
    size += row.length + 1;
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}

/**
 * The CPU time this thread spent (user and system, in ms) while `run` ran.
 * Why CPU time and not the event loop's busy time: busy time is wall-clock time inside callbacks,
 * so on a loaded machine a callback preempted by other processes counts as busy for as long as it
 * waited, and the few milliseconds the router's replies take here grew into the hundreds at
 * random (the test was flaky under load). The thread's CPU time counts only work done on it.
 */
async function cpuMs(run: () => Promise<unknown>): Promise<number> {
  const before = process.threadCpuUsage();
  await run();
  const used = process.threadCpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * The child of the sandbox test: GET argv[1] once (undici loads on a process's first fetch), then
 * "ready"; on a line of input, GET it again and write the answer to the file argv[2].
 */
const CHILD_FETCH = `
const { createInterface } = require('node:readline');
const { renameSync, writeFileSync } = require('node:fs');
const lines = createInterface({ input: process.stdin });
fetch(process.argv[1]).then((r) => r.arrayBuffer()).then(() => {
  lines.once('line', async () => {
    const body = await (await fetch(process.argv[1])).json();
    // Whole or not at all: the parent looks for the file while this writes it.
    writeFileSync(process.argv[2] + '.part', JSON.stringify({ orgId: body.orgId }));
    renameSync(process.argv[2] + '.part', process.argv[2]);
    lines.close();
  });
  console.log('ready');
});
`;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-off-main-'));
  bigCsv = path.join(home, 'big-upload-tmp');
  await writeBigCsv(bigCsv);
  files = new FileRegistry();
  work = createFileWorkClient();
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: home }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
  });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'electron' as const, platform: 'linux', dataDir: home });
  router = createRouter(createHandlers({ files, info, connections, jobs: new JobRegistry({ emit: () => undefined }), dataDir: home, work }), {
    logError: () => undefined,
  });
});

afterAll(async () => {
  await work.close();
  await rm(home, { recursive: true, force: true });
});

describe('the file worker behind the router', () => {
  it('inspects a big file in the worker thread: this thread stays nearly idle, where inspecting here keeps it busy', async () => {
    const { fileRef } = await files.register(bigCsv, 'big.csv');
    const inspect = async () => {
      const reply = await router.handle('files.inspect', { fileRef, maxRows: 100 }, ctx);
      expect(reply).toMatchObject({ ok: true, value: { file: { name: 'big.csv' }, format: 'csv', columns: expect.any(Array) } });
    };
    // The first call starts the worker (and loads its modules); the measure is of a running one.
    await inspect();
    expect(work.threadId).not.toBeNull();
    expect(work.threadId).not.toBe(mainThreadId);

    // The baseline that makes this test able to fail: the same inspections on this thread.
    const measures: Array<{ onMain: number; viaRouter: number }> = [];
    // A few attempts, as a garbage collection of this thread may fall into a measure; an inspection
    // that ran here could never pass one of them, as its parsing alone keeps this thread busy.
    for (let attempt = 0; attempt < 3; attempt++) {
      // Through the router first: the garbage of an inspection here is collected on this thread.
      const viaRouter = await cpuMs(async () => {
        for (let i = 0; i < 3; i++) await inspect();
      });
      const onMain = await cpuMs(async () => {
        for (let i = 0; i < 3; i++) await inspectFile(bigCsv, { maxRows: 100 });
      });
      measures.push({ onMain, viaRouter });
      if (onMain > 50 && viaRouter < onMain / 4) break;
    }
    const last = measures[measures.length - 1] ?? { onMain: 0, viaRouter: Infinity };
    expect(last.onMain, JSON.stringify(measures)).toBeGreaterThan(50);
    expect(last.viaRouter, JSON.stringify(measures)).toBeLessThan(last.onMain / 4);
  });

  it('serves mapping.suggest, mapping.preview and schemas.tree through the worker', async () => {
    const calls = vi.spyOn(work, 'call');
    try {
      const { fileRef } = await files.register(path.resolve(__dirname, '..', '..', 'assets', 'samples', 'customers.csv'));
      const schema = { kind: 'standard', id: 'profile' } as const;
      const suggested = await router.handle('mapping.suggest', { fileRef, schema }, ctx);
      expect(suggested.ok).toBe(true);
      const mapping = (suggested.ok ? (suggested.value as { mapping: MappingFile }).mapping : undefined) as MappingFile;
      expect(await router.handle('mapping.preview', { fileRef, schema, mapping, rows: 3 }, ctx)).toMatchObject({
        ok: true,
        value: { records: expect.any(Array) },
      });
      expect(await router.handle('schemas.tree', { schema }, ctx)).toMatchObject({ ok: true });
      expect(calls.mock.calls.map(([op]) => op)).toEqual(['suggest', 'preview', 'schemaTree']);
    } finally {
      calls.mockRestore();
    }
  });
});

describe('the embedded Local sandbox', () => {
  it('answers HTTP from its own thread while this one is busy, and processes batches in its nested worker', async () => {
    const sandbox = createEmbeddedSandbox({ dataDir: () => home });
    try {
      const endpoint = await sandbox.endpoint();
      const { url } = endpoint;
      // This thread serves nothing: the sandbox listens in its worker.
      expect(process.getActiveResourcesInfo()).not.toContain('TCPServerWrap');
      // A separate process asks for /_sandbox/health while this thread spins, and writes the
      // answer to a file this thread watches as it spins: served here, no answer could come before
      // the spin ends. Why no time limit on the answer: on a loaded machine the child's request may
      // take seconds (it was under 1 s, and failed at random); what proves the point is that the
      // answer came while this thread ran nothing else. The child asks on "go" (a pipe write leaves at once).
      const answerFile = path.join(home, 'health-answer.json');
      const child = spawn(process.execPath, ['-e', CHILD_FETCH, `${url}/_sandbox/health`, answerFile], { stdio: ['pipe', 'pipe', 'inherit'] });
      const lines = createInterface({ input: child.stdout });
      const [ready] = (await once(lines, 'line')) as [string];
      expect(ready).toBe('ready');
      child.stdin.write('go\n');
      const spinUntil = Date.now() + 15_000;
      let answeredDuringSpin = false;
      while (!answeredDuringSpin && Date.now() < spinUntil) {
        // Busy on purpose: the event loop of this thread is blocked; only the file is looked at.
        answeredDuringSpin = existsSync(answerFile);
      }
      child.stdin.end();
      expect(answeredDuringSpin).toBe(true);
      const answer = JSON.parse(readFileSync(answerFile, 'utf8')) as { orgId: string };
      expect(answer.orgId).toMatch(/@AdobeOrg$/);
      // The sandbox's processing worker, started from inside the sandbox's worker, finds its script.
      expect(await processOneRecord(endpoint)).toMatchObject({ status: 'success', metrics: { outputRecordCount: 1 } });
    } finally {
      await sandbox.close();
    }
    expect(sandbox.running()).toBeNull();
  }, 60_000);
});
