import type { CliContext } from '../../../../src-main/cli/context';
import { runCli } from '../../../../src-main/cli/program';
import type { RunningSandbox } from '../../../../src-main/core/sandbox/index';

/**
 * Runs the real CLI in-process against a Local sandbox the test started itself.
 * Why the test's own sandbox: it keeps state between commands (a batch ingested, a fault switch
 * set) that the CLI's lazily started, per-command emulator would not.
 */
export async function runCliAgainst(sandbox: RunningSandbox, home: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    out: { write: (text: string) => (stdout += text) },
    err: { write: (text: string) => (stderr += text) },
    version: '9.9.9-test',
    env: {},
    width: 200,
    dataDir: () => home,
    localSandbox: () => sandbox,
  };
  const code = await runCli(args, ctx);
  return { code, stdout, stderr };
}
