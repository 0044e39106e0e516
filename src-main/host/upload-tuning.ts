import type { UploadOptions } from '../core/jobs/upload/index';

/** What a shell may tune of every upload job it starts (the handlers' `uploadTuning`). */
export type UploadTuning = Pick<UploadOptions, 'pollInitialMs'>;

/**
 * The environment variable that sets the first pause, in ms, between Catalog polls of a batch
 * after COMPLETE (the upload job's default, 500 ms, growing 1.5 times a poll, stays otherwise).
 * Why a variable: the e2e fixture's servers upload to their own Local sandbox on loopback, which
 * processes a small batch in well under a second, so at 500 ms a test waited on the poll's pause,
 * not on the batch; polling a loopback emulator sooner costs it nothing. AEP is never tuned so.
 */
export const BATCH_POLL_ENV = 'XDM_LOADER_BATCH_POLL_MS';

const MIN_POLL_MS = 10;
const MAX_POLL_MS = 10_000;

/** The upload tuning the environment asks for, or undefined when it asks for none; a bad value throws, naming the variable. */
export function uploadTuningFromEnv(env: Readonly<Record<string, string | undefined>>): UploadTuning | undefined {
  const raw = env[BATCH_POLL_ENV];
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || ms < MIN_POLL_MS || ms > MAX_POLL_MS) {
    throw new Error(`${BATCH_POLL_ENV} must be a whole number of milliseconds from ${MIN_POLL_MS} to ${MAX_POLL_MS}, not "${raw}".`);
  }
  return { pollInitialMs: ms };
}
