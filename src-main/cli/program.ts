import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index';
import type { CliContext } from './context';
import { ExitCode, PROGRAM_NAME, reportError } from './output';

/**
 * The command-line program: commander set up to write through the context and never exit.
 * Why: `runCli` returns an exit code instead of calling process.exit, so output is flushed
 * before the process ends, and tests run the real program in-process.
 */
export function createProgram(ctx: CliContext): Command {
  const program = new Command(PROGRAM_NAME);
  program
    .description('Load CSV, JSON and Parquet files into Adobe Experience Platform as XDM.')
    .version(ctx.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError(`(run ${PROGRAM_NAME} --help for usage)`)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.out.write(text),
      writeErr: (text) => ctx.err.write(text),
      outputError: (text, write) => write(`${PROGRAM_NAME}: ${text.replace(/^error: /, '')}`),
    });
  registerCommands(program, ctx);
  return program;
}

/** Runs the CLI on `args` (without node and script) and returns the exit code. */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<number> {
  const program = createProgram(ctx);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end commander with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    return reportError(ctx, error);
  } finally {
    // A Local sandbox a command started must not keep the process (or its port) alive.
    await ctx.dispose?.();
  }
}
