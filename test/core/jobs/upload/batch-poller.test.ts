import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollBatch } from '../../../../src-main/core/jobs/upload/batch-poller';
import type { PlatformClient } from '../../../../src-main/core/platform/platform-client';

/**
 * The pauses between Catalog polls of a batch after COMPLETE.
 * Why pinned: the e2e servers shorten the first pause (`XDM_LOADER_BATCH_POLL_MS`); the product's
 * own, 500 ms growing 1.5 times a poll, must stay what a steward's upload to AEP gets.
 */
function catalog(statuses: string[]): { client: PlatformClient; polledAt: number[] } {
  const polledAt: number[] = [];
  const fake = {
    json: () => {
      polledAt.push(Date.now());
      return Promise.resolve({ b1: { status: statuses[Math.min(polledAt.length - 1, statuses.length - 1)] } });
    },
  };
  return { client: fake as unknown as PlatformClient, polledAt };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('pollBatch', () => {
  it('waits 500 ms before the second poll by default, then 1.5 times longer each time', async () => {
    const { client, polledAt } = catalog(['processing', 'processing', 'processing', 'success']);
    const done = pollBatch(client, 'b1');
    await vi.advanceTimersByTimeAsync(499);
    expect(polledAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(3000);
    const result = await done;
    expect(result.timedOut).toBe(false);
    expect(result.batch.status).toBe('success');
    expect(polledAt).toEqual([0, 500, 1250, 2375]);
  });

  it('starts from the first pause it is given', async () => {
    const { client, polledAt } = catalog(['processing', 'processing', 'success']);
    const done = pollBatch(client, 'b1', { initialMs: 100 });
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    expect(polledAt).toEqual([0, 100, 250]);
  });
});
