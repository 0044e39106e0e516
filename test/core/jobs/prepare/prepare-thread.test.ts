import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { JSON_LINES_OLD_GENERATION_MB, prepareResourceLimits } from '../../../../src-main/core/jobs/prepare/prepare-thread';

/**
 * A JSON Lines thread gets an old-generation cap so that V8's factor between the live data and
 * the next full collection stays small (see JSON_LINES_OLD_GENERATION_MB); Parquet threads do not.
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
  it('caps the old generation of a JSON Lines thread, not of a Parquet one, and a cap the caller gives wins', () => {
    expect(prepareResourceLimits('json', undefined).maxOldGenerationSizeMb).toBe(JSON_LINES_OLD_GENERATION_MB);
    expect(prepareResourceLimits(undefined, undefined).maxOldGenerationSizeMb).toBe(JSON_LINES_OLD_GENERATION_MB);
    expect(prepareResourceLimits('parquet', undefined).maxOldGenerationSizeMb).toBeUndefined();
    expect(prepareResourceLimits('parquet', 900).maxOldGenerationSizeMb).toBe(900);
    expect(prepareResourceLimits('json', 900).maxOldGenerationSizeMb).toBe(900);
  });

  it('is the limit V8 applies to the worker', async () => {
    const mib = 1024 * 1024;
    const json = await heapLimitOf(prepareResourceLimits('json', undefined));
    // The old generation's cap plus the young generation.
    expect(json).toBeGreaterThanOrEqual(JSON_LINES_OLD_GENERATION_MB * mib);
    expect(json).toBeLessThan((JSON_LINES_OLD_GENERATION_MB + 128) * mib);
    const parquet = await heapLimitOf(prepareResourceLimits('parquet', undefined));
    expect(parquet).toBeGreaterThan(json);
  });
});
