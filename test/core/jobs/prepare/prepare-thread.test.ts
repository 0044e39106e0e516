import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { OLD_GENERATION_MB, prepareResourceLimits } from '../../../../src-main/core/jobs/prepare/prepare-thread';

/**
 * A prepare thread gets an old-generation cap so that V8's factor between the live data and the
 * next full collection stays small (see OLD_GENERATION_MB), whatever it writes.
 */

/** The heap limit V8 gives a worker started with these limits. */
async function heapLimitOf(resourceLimits: ReturnType<typeof prepareResourceLimits>): Promise<number> {
  const worker = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit);",
    { eval: true, resourceLimits },
  );
  const [limit] = (await once(worker, 'message')) as [number];
  await worker.terminate();
  return limit;
}

describe('prepare threads’ heap limits', () => {
  it('caps the old generation of every prepare thread, and a cap the caller gives wins', () => {
    expect(prepareResourceLimits(undefined).maxOldGenerationSizeMb).toBe(OLD_GENERATION_MB);
    expect(prepareResourceLimits(900).maxOldGenerationSizeMb).toBe(900);
  });

  it('is the limit V8 applies to the worker', async () => {
    const mib = 1024 * 1024;
    const limit = await heapLimitOf(prepareResourceLimits(undefined));
    // The old generation's cap plus the young generation.
    expect(limit).toBeGreaterThanOrEqual(OLD_GENERATION_MB * mib);
    expect(limit).toBeLessThan((OLD_GENERATION_MB + 128) * mib);
  });
});
