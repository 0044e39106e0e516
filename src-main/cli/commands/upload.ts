import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { ConfirmReport } from '../../core/jobs/confirm/index';
import { stopJob } from '../../core/jobs/job-stop';
import { preparedInput, preparedRecords, runPreflight } from '../../core/jobs/preflight/index';
import type { PlatformClient, ServerWait } from '../../core/platform/platform-client';
import { defaultRetryPolicy } from '../../core/platform/retry-policy';
import { DEFAULT_CONCURRENCY, DEFAULT_CONFIRM_WAIT_MS, startUpload, targetKeyOf, type UploadProgress, type UploadResult } from '../../core/jobs/upload/index';
import type { CliContext } from '../context';
import { warnIfSentBefore } from '../services';
import { formatBytes, printJson, printLine } from '../output';
import { addTargetOptions, cliConnections, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader upload DIR|FILE --dataset ID [--connection NAME] [--concurrency N] [--chunk-size MB] [--again] [--no-confirm] [--no-preflight] [--json]`.
 * Why it needs no `--resume`: the job is identified by its input, dataset and target, so running
 * the same command again after a crash or a kill continues where the journal stopped, and a
 * finished one is reported instead of ingested twice (`--again` sends a new batch).
 */
interface UploadCommandOptions extends TargetOptions {
  dataset: string;
  concurrency?: number;
  chunkSize?: number;
  singlePutMax?: number;
  pollInterval?: number;
  retryBudget?: number;
  again?: boolean;
  /** False with `--no-confirm`. */
  confirm: boolean;
  confirmWait?: number;
  waitRetryAfter?: boolean;
  /** False with `--no-preflight`. */
  preflight: boolean;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(
    program
      .command('upload')
      .description('Upload prepared parts (or one JSON Lines, JSON array or Parquet XDM file) into a dataset as a batch; resumes an interrupted run')
      .argument('<input>', 'folder written by `prepare`, or a .json (JSON Lines or a JSON array) / .parquet XDM file')
      .requiredOption('--dataset <id>', 'target dataset id')
      .option('--concurrency <n>', `transfers in flight (default ${DEFAULT_CONCURRENCY})`, parseConcurrency)
      .option('--chunk-size <MB>', 'chunk size of large-file uploads in MiB (default 64, at most 488)', parseMiB)
      .option('--again', 'send a new batch even if this upload already succeeded')
      .option('--no-confirm', 'skip the confirmation in Profile after a successful load')
      .option('--no-preflight', "send without first checking that the dataset's schema has every field of the records")
      .option(
        '--confirm-wait <seconds>',
        `how long confirmation waits for identities Profile has not applied yet (default ${DEFAULT_CONFIRM_WAIT_MS / 1000})`,
        parseSeconds,
      )
      .option(
        '--wait-retry-after',
        "wait out a server's Retry-After that is longer than the retry budget (the wait is shown; Ctrl+C stops, the same command resumes)",
      )
      .option('--json', 'print { batchId, status, recordsWritten, recordsFailed, confirmation } at the end')
      // For tests and benchmarks: exercise the large-file path and fast polling with small files.
      .addOption(new Option('--single-put-max <MB>', 'largest file sent in one PUT, in MiB (default 256)').argParser(parseMiB).hideHelp())
      .addOption(new Option('--poll-interval <ms>', 'first wait between Catalog polls').argParser(parsePositiveInt).hideHelp())
      // For tests: a Retry-After "beyond the budget" that lasts seconds, not minutes.
      .addOption(new Option('--retry-budget <seconds>', 'time one call may take with its retries (default 120)').argParser(parsePositiveInt).hideHelp()),
  ).action(async (input: string, options: UploadCommandOptions) => {
    const notes = options.json ? ctx.err : ctx.out;
    const service = cliConnections(ctx, {
      ...(options.waitRetryAfter ? { onServerWait: (wait: ServerWait) => printLine(notes, serverWaitLine(wait)) } : {}),
      ...(options.retryBudget !== undefined ? { retry: { ...defaultRetryPolicy, maxElapsedMs: options.retryBudget * 1000 } } : {}),
    });
    const client = await service.client(await connectionRefFrom(ctx, service, options));
    if (options.preflight) await schemaPreflight(client, input, options.dataset);
    await warnIfSentBefore(ctx, notes, input, { datasetId: options.dataset, target: targetKeyOf(client.target) });
    let lastLine = 0;
    // Ctrl-C (or SIGTERM) suspends the job, a server's wait included: the batch and the journal
    // stay, the process ends with a line saying so, and the same command resumes.
    const interrupts = ctx.interrupts?.();
    const stop = new AbortController();
    interrupts?.signal.addEventListener('abort', () => stopJob(stop, 'suspend', `Interrupted (${String(interrupts.signal.reason)}).`), { once: true });
    const job = startUpload(client, {
      input,
      datasetId: options.dataset,
      jobsDir: path.join(ctx.dataDir(), 'jobs'),
      targetKey: targetKeyOf(client.target),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.chunkSize !== undefined ? { chunkBytes: Math.round(options.chunkSize * 1024 * 1024) } : {}),
      ...(options.singlePutMax !== undefined ? { singlePutMaxBytes: Math.round(options.singlePutMax * 1024 * 1024) } : {}),
      ...(options.pollInterval !== undefined ? { pollInitialMs: options.pollInterval, pollMaxMs: Math.max(options.pollInterval, 2000) } : {}),
      ...(options.again ? { again: true } : {}),
      signal: stop.signal,
      confirm: options.confirm ? { ...(options.confirmWait !== undefined ? { waitMs: options.confirmWait * 1000 } : {}) } : false,
      onNote: (message) => printLine(notes, message),
      onProgress: (p) => {
        if (options.json) return;
        // One line a second at most (and the final one): readable in a terminal and in CI logs.
        const now = Date.now();
        if (now - lastLine < 1000 && p.phase !== 'done') return;
        lastLine = now;
        printLine(ctx.out, progressLine(p));
      },
    });
    const result = await job.done
      .catch((error: unknown) => {
        if (interrupts?.signal.aborted && isAppError(error) && error.code === 'CANCELLED')
          throw new AppError('CANCELLED', `Interrupted (${String(interrupts.signal.reason)}). ${error.message}`);
        throw error;
      })
      .finally(() => interrupts?.stop());
    if (options.json) {
      printJson(ctx, {
        batchId: result.batchId,
        status: result.status,
        recordsWritten: result.recordsWritten,
        recordsFailed: result.recordsFailed,
        recordsExpected: result.recordsExpected,
        ...(result.batches.length > 1
          ? { batches: result.batches.map((b) => ({ batchId: b.batchId, status: b.status, recordsWritten: b.recordsWritten, recordsFailed: b.recordsFailed })) }
          : {}),
        reported: result.reported,
        resumed: result.resumed,
        jobDir: result.jobDir,
        // Null when it did not run (the load failed, --no-confirm) or could not be made (then confirmationError says why).
        confirmation: result.confirmation ?? null,
        ...(result.confirmationError !== undefined ? { confirmationError: result.confirmationError } : {}),
      });
    } else printResult(ctx, result);
    if (result.timedOut)
      throw new AppError(
        'REMOTE_ERROR',
        `Batch ${result.batchId} is still ${result.status}; run the same command again (or \`xdm-loader status ${result.batchId}\`) later.`,
      );
    if (result.status !== 'success') {
      const error = result.batches.find((b) => b.status !== 'success')?.errors[0];
      throw new AppError(
        'REMOTE_ERROR',
        `Batch ${result.batches.find((b) => b.status !== 'success')?.batchId ?? result.batchId} ${result.status}${error ? `: ${error.code ? `[${error.code}] ` : ''}${error.description ?? ''}` : ''}`,
      );
    }
  });
}

/** The wait a server asked for, as the CLI shows it before waiting. */
export function serverWaitLine(wait: ServerWait): string {
  const until = wait.until.toISOString().replace(/\.\d+Z$/, 'Z');
  return `  ${wait.service} answered ${wait.status} and asked to wait ${Math.ceil(wait.waitMs / 1000)} s: waiting until ${until} (Ctrl+C stops; the same command resumes).`;
}

/**
 * The schema checks of preflight, before anything is sent: the dataset exists and its schema has
 * every field the records carry. Why by default: a batch into a dataset of another schema fails
 * whole at Adobe, after the upload (issue 15); the Upload screen gates on the same checks.
 */
async function schemaPreflight(client: PlatformClient, input: string, datasetId: string): Promise<void> {
  const prepared = await preparedInput(input);
  const report = await runPreflight(client, {
    datasetId,
    profile: false,
    records: preparedRecords(prepared, { limit: PREFLIGHT_SAMPLE }),
    sampleSize: PREFLIGHT_SAMPLE,
  });
  const failed = report.checks.filter((c) => c.status === 'failed');
  if (failed.length === 0) return;
  throw new AppError(
    'INVALID_INPUT',
    `Preflight stopped the upload: ${failed.map((c) => `[${c.code ?? c.id}] ${c.message}`).join(' ')} Nothing was sent. \`xdm-loader preflight\` gives the full report; --no-preflight sends anyway.`,
  );
}

const PREFLIGHT_SAMPLE = 1000;

function progressLine(p: UploadProgress): string {
  const pct = p.bytesTotal > 0 ? Math.floor((p.bytesSent / p.bytesTotal) * 100) : 100;
  const parts = [
    `${p.phase}${p.paused ? ' (paused)' : ''}`,
    `${formatBytes(p.bytesSent)} of ${formatBytes(p.bytesTotal)} (${pct}%)`,
    `parts ${p.partsDone}/${p.partsTotal}`,
    `chunks ${p.chunksDone}/${p.chunksTotal}`,
    `${p.mbPerSecond.toFixed(1)} MB/s`,
  ];
  if (p.batchStatus) parts.push(`batch ${p.batchStatus}`);
  return `  ${parts.join(', ')}`;
}

function printResult(ctx: CliContext, r: UploadResult): void {
  printLine(ctx.out, `${r.reported ? 'Already uploaded' : 'Uploaded'}: batch ${r.batchId} ${r.status}`);
  for (const b of r.batches.length > 1 ? r.batches : [])
    printLine(ctx.out, `  batch ${b.batchId}  ${b.status}  ${b.recordsWritten} written, ${b.recordsFailed} failed`);
  printLine(ctx.out, `  Records expected  ${r.recordsExpected.toLocaleString('en-US')}`);
  printLine(ctx.out, `  Records written   ${r.recordsWritten.toLocaleString('en-US')}`);
  printLine(ctx.out, `  Records failed    ${r.recordsFailed.toLocaleString('en-US')}`);
  if (r.uploadMs > 0)
    printLine(
      ctx.out,
      `  Sent ${formatBytes(r.bytesSentThisRun)} in ${(r.uploadMs / 1000).toFixed(1)} s (${(r.bytesSentThisRun / 1e6 / (r.uploadMs / 1000)).toFixed(1)} MB/s)`,
    );
  for (const b of r.batches) {
    for (const e of b.errors)
      printLine(ctx.out, `  ! ${e.code ? `[${e.code}] ` : ''}${e.description ?? ''}${e.recordCount !== undefined ? ` (${e.recordCount} records)` : ''}`);
    if (b.failedFiles.length > 0) printLine(ctx.out, `  Failed records saved in ${path.dirname(b.failedFiles[0] as string)}`);
  }
  printLine(ctx.out, `  Job folder ${r.jobDir}`);
  if (r.confirmation) printLine(ctx.out, confirmationLine(r.confirmation));
  else if (r.confirmationError !== undefined) printLine(ctx.out, r.confirmationError);
}

/** The confirmation report in one line: how many were found, and the first reason for a miss. */
export function confirmationLine(c: ConfirmReport): string {
  const checked = c.identities.length;
  if (c.status === 'nothing-to-check') return 'Confirmation in Profile: no identity to look up in the records sent.';
  if (c.status === 'forbidden') return `Confirmation in Profile: not possible (403). ${c.forbidden ?? ''}`.trimEnd();
  const miss = c.identities.find((i) => i.found === false && i.reason !== undefined);
  const why = miss ? ` ${miss.reason}: ${miss.explanation ?? ''}`.trimEnd() : '';
  return `Confirmation in Profile: ${c.found} of ${checked} sampled identities found (${c.status}).${why}`;
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 32) throw new InvalidArgumentError('expected a whole number from 1 to 32.');
  return n;
}

function parseMiB(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 488) throw new InvalidArgumentError('expected a size in MiB above 0 and at most 488 (512,000,000 bytes).');
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 600) throw new InvalidArgumentError('expected whole seconds from 0 to 600.');
  return n;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}
