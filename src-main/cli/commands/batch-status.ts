import path from 'node:path';
import type { Command } from 'commander';
import type { BatchSummary } from '../../../src-shared/ipc/requests/batches';
import type { CliContext } from '../context';
import { printJson, printLine } from '../output';
import { cliServices } from '../services';
import { addTargetOptions, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader status BATCH [--json]` and `xdm-loader failed BATCH --out DIR`: a batch's outcome.
 * Why separate from upload: a batch can be checked or its failed records fetched later, from
 * another machine, or for batches this tool did not send. Why through the batches service: the
 * Batches screen shows the same summary (Catalog merged with this machine's journal), so `--json`
 * prints exactly what `batches.get` answers the screen.
 */
export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(
    program
      .command('status')
      .description("A batch's status, record counts and errors (Catalog), and the local job that sent it")
      .argument('<batch>', 'batch id')
      .option('--json', "print JSON (the Batches screen's summary of the batch)"),
  ).action(async (batchId: string, options: TargetOptions & { json?: boolean }) => {
    const { connections, services } = cliServices(ctx);
    const summary = await services.batches.get({ batchId, connection: await connectionRefFrom(ctx, connections, options) });
    if (options.json) printJson(ctx, summary);
    else printSummary(ctx, summary);
  });

  addTargetOptions(
    program
      .command('failed')
      .description("Download a batch's failed records (Data Access), each with its validation errors")
      .argument('<batch>', 'batch id')
      .requiredOption('--out <dir>', 'folder to write the failed-record files into'),
  ).action(async (batchId: string, options: TargetOptions & { out: string }) => {
    const { connections, services } = cliServices(ctx);
    const { files } = await services.failedRecords.download({
      batchId,
      connection: await connectionRefFrom(ctx, connections, options),
      dir: path.resolve(options.out),
    });
    if (files.length === 0) {
      printLine(ctx.out, `Batch ${batchId} has no failed records.`);
      return;
    }
    for (const file of files) printLine(ctx.out, `Wrote ${file}`);
  });
}

function printSummary(ctx: CliContext, batch: BatchSummary): void {
  printLine(ctx.out, `Batch ${batch.batchId}: ${batch.status}`);
  if (batch.datasetId !== '') printLine(ctx.out, `  Dataset          ${batch.datasetId}`);
  printLine(ctx.out, `  Records written  ${batch.recordsWritten.toLocaleString('en-US')}`);
  printLine(ctx.out, `  Records failed   ${batch.recordsFailed.toLocaleString('en-US')}`);
  if (batch.job) {
    printLine(ctx.out, `  Records expected ${batch.job.recordsExpected.toLocaleString('en-US')} (sent from this machine on ${batch.job.startedAt})`);
    printLine(ctx.out, `  Input            ${batch.job.input}`);
    printLine(ctx.out, `  Job folder       ${batch.job.jobDir}`);
  }
  for (const e of batch.errors)
    printLine(ctx.out, `  ! ${e.code ? `[${e.code}] ` : ''}${e.description ?? ''}${e.recordCount !== undefined ? ` (${e.recordCount} records)` : ''}`);
  if (batch.recordsFailed > 0) printLine(ctx.out, `  Get the failed records with: xdm-loader failed ${batch.batchId} --out DIR`);
}
