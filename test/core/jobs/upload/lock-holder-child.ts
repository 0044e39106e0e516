import { acquireJobLock } from '../../../../src-main/core/jobs/upload/job-lock';

/**
 * A process that takes a job's lock and says so on stdout: `held` (then it keeps the lock until
 * it is killed) or `busy` (another holds it). Run by job-lock.test.ts, which kills it with SIGKILL
 * or starts several at once.
 */
const file = process.argv[2];
if (file === undefined) throw new Error('usage: lock-holder-child.ts LOCK_FILE');
acquireJobLock(file).then(
  () => {
    process.stdout.write('held\n');
    setInterval(() => undefined, 60_000);
  },
  (error: unknown) => {
    process.stdout.write(`busy ${(error as Error).message}\n`);
    process.exit(0);
  },
);
