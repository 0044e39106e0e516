import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import { createMainServices, type MainServices } from '../../src-main/host/compose';
import { newJobId } from '../../src-main/ipc/jobs/job-registry';
import { writePrepared } from '../core/jobs/upload/upload-harness';
import { until } from './sandbox-handlers';
import { memoryKeychain } from '../core/secrets/memory-keychain';

/**
 * Starting the app resumes the uploads a closed window or a crash cut short: the composition root
 * finds them in the journals and resumes each through `uploads.resume`, so the batch ends with
 * the exact record count and nothing is sent twice.
 */
const ctx = { transport: 'websocket' } as const;

let base: string;
const open: MainServices[] = [];
beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'xdm-resume-start-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.dispose()));
  await rm(base, { recursive: true, force: true });
});

function start(resumeUploads?: boolean): { services: MainServices; events: AppEvent[] } {
  const services = createMainServices({
    mode: 'browser',
    dataDir: base,
    version: '1.0.0',
    secretStore: memoryKeychain(),
    ...(resumeUploads !== undefined ? { resumeUploads } : {}),
  });
  open.push(services);
  const events: AppEvent[] = [];
  services.events.subscribe((event) => events.push(event));
  return { services, events };
}

async function value<T>(services: MainServices, name: string, input: unknown): Promise<T> {
  const reply = await services.router.handle(name, input, ctx);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

/** Sends a prepared folder, pauses once its batch exists, and closes the app (shutdown suspends it). */
async function interruptedUpload(): Promise<{ jobDir: string; batchId: string; datasetId: string; rows: number }> {
  const { services } = start(false);
  const datasets = await value<Array<{ id: string; name: string }>>(services, 'datasets.list', { connectionId: 'local' });
  const datasetId = datasets.find((d) => d.name === 'XDM Loader Customers')?.id;
  if (!datasetId) throw new Error(`no seeded customers dataset in ${JSON.stringify(datasets.map((d) => d.name))}`);
  const prepared = await writePrepared(path.join(base, 'jobs'), 'prepared-for-restart', { parts: 4, rowsPerPart: 25, firstId: 70_000 });
  const { jobId } = await value<{ jobId: string }>(services, 'jobs.upload', {
    jobId: newJobId(),
    source: { kind: 'folder', path: prepared.dir },
    datasetId,
    connectionId: 'local',
    concurrency: 1,
  });
  await value(services, 'jobs.pause', { jobId });
  const running = await until(async () =>
    (await value<LocalUploadShape[]>(services, 'uploads.list', {})).find((u) => u.jobId === jobId && u.batches.length === 1),
  );
  await services.dispose();
  return { jobDir: running.jobDir, batchId: running.batches[0]?.batchId as string, datasetId, rows: prepared.rows };
}

describe('starting the app with an interrupted upload', () => {
  it('resumes it into the same batch and ends with the exact record count', async () => {
    const cut = await interruptedUpload();

    const { services, events } = start();
    const report = await services.resumedUploads;
    expect(report.left).toEqual([]);
    expect(report.resumed).toEqual([{ jobDir: cut.jobDir, jobId: expect.any(String) }]);
    const jobId = report.resumed[0]?.jobId as string;
    const end = await until(() =>
      events.find((e) => e.type === 'job' && e.kind === 'upload' && (e.phase === 'finished' || e.phase === 'failed') && e.jobId === jobId),
    );
    if (end.type !== 'job' || end.kind !== 'upload' || end.phase !== 'finished') throw new Error(`resume failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({
      resumed: true,
      batchId: cut.batchId,
      status: 'success',
      recordsExpected: cut.rows,
      recordsWritten: cut.rows,
      recordsFailed: 0,
    });

    // Catalog holds one successful batch for it, with every record once.
    const batches = await value<Array<{ batchId: string; status: string; recordsWritten: number }>>(services, 'batches.list', {
      datasetId: cut.datasetId,
      connectionId: 'local',
    });
    expect(batches.filter((b) => b.status === 'success')).toEqual([expect.objectContaining({ batchId: cut.batchId, recordsWritten: cut.rows })]);
    expect((await value<LocalUploadShape[]>(services, 'uploads.list', {})).find((u) => u.jobDir === cut.jobDir)).toMatchObject({ state: 'succeeded' });
  });

  it('leaves it listed as interrupted when resuming at start is turned off', async () => {
    const cut = await interruptedUpload();
    const { services } = start(false);
    expect(await services.resumedUploads).toEqual({ resumed: [], left: [] });
    expect((await value<LocalUploadShape[]>(services, 'uploads.list', {})).find((u) => u.jobDir === cut.jobDir)).toMatchObject({
      state: 'interrupted',
      connectionId: 'local',
    });
  });
});
