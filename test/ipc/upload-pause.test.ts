import { describe, expect, it } from 'vitest';
import type { UploadProgressShape, UploadResultShape } from '../../src-shared/ipc/requests/jobs';
import { stillSending } from '../../src-shared/ipc/requests/jobs';
import { uploadJob } from '../../src-main/ipc/jobs/job-kinds';
import { JobRegistry, newJobId } from '../../src-main/ipc/jobs/job-registry';

const progress = (over: Partial<UploadProgressShape>): UploadProgressShape => ({
  phase: 'uploading',
  bytesSent: 0,
  bytesTotal: 1000,
  recordsSent: 0,
  recordsTotal: 10,
  partsDone: 0,
  partsTotal: 1,
  chunksDone: 0,
  chunksTotal: 0,
  mbPerSecond: 0,
  etaSeconds: null,
  batchIds: [],
  paused: false,
  ...over,
});

/** An upload job that reports `report` then waits until the test lets it finish. */
function upload(registry: JobRegistry, report: UploadProgressShape) {
  let finish = (): void => undefined;
  const id = registry.start({
    id: newJobId(),
    events: uploadJob,
    outDir: '/in',
    run: ({ progress: offer }) =>
      new Promise<UploadResultShape>((resolve) => {
        offer(report);
        finish = () => resolve({} as UploadResultShape);
      }),
  });
  return { id, finish: () => finish() };
}

describe('pausing an upload', () => {
  it('is accepted while bytes remain to send', async () => {
    const registry = new JobRegistry({ emit: () => undefined });
    const job = upload(registry, progress({ bytesSent: 500 }));
    expect(registry.pause(job.id)).toBe(true);
    expect(registry.resume(job.id)).toBe(true);
    job.finish();
    await registry.settled(job.id);
  });

  it('is refused once every byte is sent, and while AEP processes the batch', async () => {
    const registry = new JobRegistry({ emit: () => undefined });
    for (const report of [progress({ bytesSent: 1000 }), progress({ phase: 'completing', bytesSent: 1000 }), progress({ phase: 'polling', bytesSent: 1000 })]) {
      const job = upload(registry, report);
      expect(registry.pause(job.id)).toBe(false);
      job.finish();
      await registry.settled(job.id);
    }
  });

  it('is offered by the screen on the same rule', () => {
    expect(stillSending(progress({ phase: 'planning', bytesTotal: 0 }))).toBe(true);
    expect(stillSending(progress({ bytesSent: 999 }))).toBe(true);
    expect(stillSending(progress({ bytesSent: 1000 }))).toBe(false);
    expect(stillSending(progress({ phase: 'done', bytesSent: 1000 }))).toBe(false);
  });
});
