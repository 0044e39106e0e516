import path from 'node:path';
import type { Command } from 'commander';
import { downloadFailedRecords, normaliseStatus, recordsOf } from '../../core/jobs/upload/index';
import { getBatch } from '../../core/platform/catalog';
import type { CliContext } from '../context';
import { printJson, printLine } from '../output';
import { addTargetOptions, cliConnections, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader status BATCH [--json]` and `xdm-loader failed BATCH --out DIR`: a batch's outcome.
 * Why separate from upload: a batch can be checked or its failed records fetched later, from
 * another machine, or for batches this tool did not send.
 */
export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(program.command('status').description("A batch's status, record counts and errors (Catalog)").argument('<batch>', 'batch id').option('--json', 'print JSON')).action(
    async (batchId: string, options: TargetOptions & { json?: boolean }) => {
      const service = cliConnections(ctx);
      const client = await service.client(await connectionRefFrom(ctx, service, options));
      const batch = await getBatch(client, batchId);
      const { written, failed } = recordsOf(batch);
      const status = normaliseStatus(batch.status);
      if (options.json) {
        printJson(ctx, { batchId, status, recordsWritten: written, recordsFailed: failed, errors: batch.errors ?? [], metrics: batch.metrics ?? {} });
        return;
      }
      printLine(ctx.out, `Batch ${batchId}: ${status}`);
      printLine(ctx.out, `  Records written  ${written.toLocaleString('en-US')}`);
      printLine(ctx.out, `  Records failed   ${failed.toLocaleString('en-US')}`);
      for (const e of batch.errors ?? []) printLine(ctx.out, `  ! ${e.code ? `[${e.code}] ` : ''}${e.description ?? ''}${e.recordCount !== undefined ? ` (${e.recordCount} records)` : ''}`);
      if (failed > 0) printLine(ctx.out, `  Get the failed records with: xdm-loader failed ${batchId} --out DIR`);
    },
  );

  addTargetOptions(
    program
      .command('failed')
      .description("Download a batch's failed records (Data Access), each with its validation errors")
      .argument('<batch>', 'batch id')
      .requiredOption('--out <dir>', 'folder to write the failed-record files into'),
  ).action(async (batchId: string, options: TargetOptions & { out: string }) => {
    const service = cliConnections(ctx);
    const client = await service.client(await connectionRefFrom(ctx, service, options));
    // Data Access answers an unknown batch as one without failed records: ask Catalog first, so
    // a mistyped id is an error (NOT_FOUND, exit 1), not "no failed records".
    await getBatch(client, batchId);
    const files = await downloadFailedRecords(client, batchId, path.resolve(options.out));
    if (files.length === 0) {
      printLine(ctx.out, `Batch ${batchId} has no failed records.`);
      return;
    }
    for (const file of files) printLine(ctx.out, `Wrote ${file}`);
  });
}
