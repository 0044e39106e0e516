import type { JobId } from '../../src-shared/ipc/job-id';

/** Names a job this window is about to start (the id goes in the request that starts it). */
export type MintJobId = () => JobId;

/**
 * A fresh job id: `j_` and a random UUID's 32 hex digits.
 * Why the window mints it: the request that starts a job names it, so its events are recognised
 * even when they arrive before the reply (src-shared/ipc/job-id.ts).
 */
export const mintJobId: MintJobId = () => `j_${crypto.randomUUID().replace(/-/g, '')}`;
