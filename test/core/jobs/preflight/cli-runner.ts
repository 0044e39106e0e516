import type { RunningSandbox } from '../../../../src-main/core/sandbox/index';
import { type CliRun, runInProcess } from '../../../cli/cli-harness';

/**
 * Runs the real CLI in-process against a Local sandbox the test started itself.
 * Why the test's own sandbox: it keeps state between commands (a batch ingested, a fault switch
 * set) that the CLI's lazily started, per-command emulator would not.
 */
export function runCliAgainst(sandbox: RunningSandbox, home: string, args: string[]): Promise<CliRun> {
  return runInProcess(args, 200, { dataDir: () => home, localSandbox: () => sandbox });
}
