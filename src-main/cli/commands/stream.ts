import path from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import { LOCAL_CONNECTION_ID } from '../../../src-shared/platform/connection';
import { DEFAULT_STREAM_MAX_RECORDS, type StreamRecordResult, type StreamReport, streamFile } from '../../core/jobs/stream/index';
import { targetKeyOf } from '../../core/jobs/upload/index';
import type { CliContext } from '../context';
import { warnIfSentBefore } from '../services';
import { printJson, printLine } from '../output';
import { addTargetOptions, cliConnections, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader stream FILE --dataset ID`: a few XDM records through streaming ingestion.
 * Why: for a handful of records (a fix, a test profile) a batch is overkill; synchronous
 * validation tells, record by record, what AEP took and what it refused and why.
 */
interface StreamOptions extends TargetOptions {
  dataset: string;
  inlet?: string;
  flow?: string;
  async?: boolean;
  max: string;
  rate?: string;
  json?: boolean;
}

/** The Local sandbox takes any inlet id (it has no Flow Service). */
const LOCAL_INLET = 'xdm-loader-local';

/** One record's fate, printed as its answer arrives (a synchronous run at AEP's pace takes minutes). */
function printResult(ctx: CliContext, r: StreamRecordResult): void {
  if (r.status !== 'rejected') {
    printLine(ctx.out, `  #${r.index} ${r.status}${r.xactionId ? ` (${r.xactionId})` : ''}`);
    return;
  }
  printLine(ctx.out, `  #${r.index} rejected${r.statusCode ? ` (${r.statusCode})` : ''}: ${r.message ?? ''}`);
  for (const v of r.violations ?? []) printLine(ctx.out, `      ${v.pointer ?? '#'}: ${v.message}${v.keyword ? ` [${v.keyword}]` : ''}`);
}

function printSummary(ctx: CliContext, report: StreamReport): void {
  const parts = [
    `${report.accepted} accepted`,
    ...(report.received > 0 ? [`${report.received} received (validated later)`] : []),
    `${report.rejected} rejected`,
  ];
  printLine(
    ctx.out,
    `${parts.join(', ')} of ${report.total} record${report.total === 1 ? '' : 's'} (${report.requests} request${report.requests === 1 ? '' : 's'}).`,
  );
}

export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(
    program
      .command('stream')
      .description('Send a small set of XDM records through streaming ingestion, with per-record results')
      .argument('<file>', 'XDM records: JSON Lines, a JSON array or Parquet (or a prepare output folder)')
      .requiredOption('--dataset <id>', 'the dataset to stream into')
      .option('--inlet <id>', 'HTTP API streaming connection (inlet) id; not needed for the Local sandbox')
      .option('--flow <id>', 'dataflow id (x-adobe-flow-id)')
      .option('--async', 'do not validate synchronously: group records, invalid ones go to the error batch')
      .option('--max <n>', 'most records accepted on this path', String(DEFAULT_STREAM_MAX_RECORDS))
      .option('--rate <n>', 'synchronous requests per minute (AEP allows 60; default 60, unpaced on the Local sandbox)')
      .option('--json', 'print JSON'),
  ).action(async (file: string, options: StreamOptions) => {
    const max = Number(options.max);
    if (!Number.isInteger(max) || max < 1) throw new AppError('INVALID_INPUT', '--max takes a whole number, 1 or more.');
    const rate = options.rate !== undefined ? Number(options.rate) : undefined;
    if (rate !== undefined && (!Number.isFinite(rate) || rate < 0))
      throw new AppError('INVALID_INPUT', '--rate takes a number of requests per minute (0: unpaced).');
    const service = cliConnections(ctx);
    const ref = await connectionRefFrom(ctx, service, options);
    const local = typeof ref === 'string' && (await service.get(ref)).connection.id === LOCAL_CONNECTION_ID;
    const inletId = options.inlet ?? (local ? LOCAL_INLET : undefined);
    if (inletId === undefined) {
      throw new AppError(
        'INVALID_INPUT',
        'Give --inlet: the id of an HTTP API streaming connection of this sandbox (AEP: Sources, HTTP API, create a connection and a dataflow to the dataset).',
      );
    }
    const client = await service.client(ref);
    await warnIfSentBefore(ctx, options.json ? ctx.err : ctx.out, file, { datasetId: options.dataset, target: targetKeyOf(client.target) });
    // Ctrl-C stops the run before its next request (the one in flight completes), and the error
    // says how many records were sent: they are in the dataset and cannot be taken back.
    const interrupts = ctx.interrupts?.();
    let report: StreamReport;
    try {
      report = await streamFile(client, {
        input: file,
        datasetId: options.dataset,
        inletId,
        ...(options.flow !== undefined ? { flowId: options.flow } : {}),
        validation: options.async ? 'async' : 'sync',
        maxRecords: max,
        ...(rate !== undefined ? { requestsPerMinute: rate } : local ? { requestsPerMinute: 0 } : {}),
        ...(interrupts ? { signal: interrupts.signal } : {}),
        // The app's jobs folder: the Jobs screen's History and `xdm-loader uploads` list the run.
        journal: { jobsDir: path.join(ctx.dataDir(), 'jobs'), targetKey: targetKeyOf(client.target) },
        ...(options.json ? {} : { onProgress: (p) => p.results.forEach((r) => printResult(ctx, r)) }),
      });
    } catch (error) {
      const by = interrupts?.signal.aborted ? String(interrupts.signal.reason) : undefined;
      if (by !== undefined && isAppError(error) && error.code === 'CANCELLED') throw new AppError('CANCELLED', `Interrupted (${by}). ${error.message}`);
      throw error;
    } finally {
      interrupts?.stop();
    }
    if (options.json) printJson(ctx, report);
    else printSummary(ctx, report);
    if (report.rejected > 0) throw new AppError('INVALID_INPUT', `${report.rejected} of ${report.total} records were rejected.`);
  });
}
