import type { Command } from 'commander';
import { AppError } from '../../../src-shared/domain/errors';
import { streamRunCounts, streamRunStatus } from '../../../src-shared/domain/stream-run-words';
import type { LocalUploadShape } from '../../../src-shared/ipc/requests/uploads';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';
import { cliServices } from '../services';

/**
 * `xdm-loader uploads [--json] [--limit N]`: the uploads and streaming runs this machine journaled, newest first.
 * Why: the Jobs screen's history (the app's uploads and the command's), from the same uploads
 * service, so a steward at a terminal sees which upload was interrupted and which batch it sent;
 * running `xdm-loader upload` again on the same input resumes it.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('uploads')
    .description("This machine's uploads and streaming runs (the app's and the commands'), from their journals: state, batches, counts")
    .option('--limit <n>', 'most uploads to list', '50')
    .option('--json', "print JSON (the Jobs screen's history)")
    .action(async (options: { limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new AppError('INVALID_INPUT', '--limit takes a whole number from 1 to 200.');
      const uploads = await cliServices(ctx).services.uploads.list(limit);
      if (options.json) printJson(ctx, uploads);
      else printUploads(ctx, uploads);
    });
}

function printUploads(ctx: CliContext, uploads: readonly LocalUploadShape[]): void {
  if (uploads.length === 0) {
    printLine(ctx.out, 'No uploads or streaming runs journaled on this machine.');
    return;
  }
  const rows = uploads.map((u) => [
    u.startedAt,
    u.mode,
    // A stream in the History's words ("Sent, 1 rejected"), never a batch's "failed".
    u.stream ? streamRunStatus({ state: u.state, ...u.stream }).label : u.state,
    u.stream ? streamRunCounts(u.stream) : u.batches.map((b) => `${b.batchId} ${b.status}`).join(', '),
    u.recordsExpected.toLocaleString('en-US'),
    u.input,
    u.jobDir,
  ]);
  for (const line of renderTable(['Started', 'Sent by', 'State', 'Batch or stream', 'Records', 'Input', 'Job folder'], rows, {
    width: ctx.width,
    maxCell: 60,
    indent: '',
  }).lines) {
    printLine(ctx.out, line);
  }
  if (uploads.some((u) => u.state === 'interrupted' || u.state === 'aborted'))
    printLine(ctx.out, 'Run the same `xdm-loader upload` again to resume an interrupted one.');
}
