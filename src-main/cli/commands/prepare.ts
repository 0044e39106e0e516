import { InvalidArgumentError, Option, type Command } from 'commander';
import type { FileInspection } from '../../../src-shared/domain/inspection';
import { AppError } from '../../../src-shared/domain/errors';
import { emptyIdentityChoices, type EmptyIdentityChoice } from '../../../src-shared/xdm/issue-kinds';
import { summaryWarnings } from '../../../src-shared/domain/prepare-warnings';
import type { PartFormat, PrepareSummary } from '../../core/jobs/prepare/index';
import { prepareSourceOf, startPrepareWorker } from '../../core/jobs/prepare/index';
import { loadMappingFile } from '../../core/mapping/index';
import { inspectFile } from '../../core/sources/index';
import { loadSchemaFile } from '../../core/xdm/index';
import { startHeapLog } from '../../core/workers/heap-log';
import type { CliContext } from '../context';
import { formatBytes, printJson, printLine } from '../output';
import { addReadOptions, checkReadAgainst, inspectOptionsOf, resolveRead, readOptionsHelp, readUsed, type ReadFlags } from '../read-options';

/**
 * `xdm-loader prepare FILE --schema S --mapping M --out DIR [--format json|parquet] [--threads N] [--json] [--strict]`.
 * Why: the whole-file job of the Prepare screen, headless: XDM parts, rejects.csv and
 * summary.json in DIR. Rejected rows are data, not failure, so the exit code is 0 unless
 * `--strict` asks to fail on them; a cancelled, failed or inconsistent run always fails.
 * The file is read as the read-settings flags say, through the same `prepareSourceOf` as the
 * File step's job, so the same settings write the same parts.
 */
export function register(program: Command, ctx: CliContext): void {
  addReadOptions(
    program
      .command('prepare')
      .description('Map, validate and convert a whole file into XDM parts, rejects.csv and summary.json')
      .argument('<file>', 'CSV, TSV, JSON, JSON Lines or Parquet file')
      .requiredOption('--schema <schema.json>', 'resolved XDM schema (xed-full JSON), or {"class", "fieldGroups"} for a standard one')
      .requiredOption('--mapping <map.json>', 'mapping file (ours, or an AEP Data Prep mapping set)')
      .requiredOption('--out <dir>', 'output folder')
      .option('--format <format>', 'part format: json (JSON Lines) or parquet', parseFormat, 'json')
      .option('--part-size <MiB>', 'target part size in MiB (default 256)', parsePartSize)
      .option('--threads <n>', 'threads to split a large CSV/TSV file over (default: one per core, up to 4)', parseThreads),
  )
    .addOption(
      new Option('--empty-identity <choice>', 'rows whose identities are all empty (Profile skips them): flag (write them, count them) or reject')
        .choices([...emptyIdentityChoices])
        .default('flag'),
    )
    .option('--json', 'print the summary as JSON, with `read`: the read settings used')
    .option('--strict', 'exit non-zero when any row is rejected')
    .addHelpText(
      'after',
      readOptionsHelp(
        "xdm-loader prepare export.txt --delimiter ';' --no-header --column-type column_2=string --date-format column_3=dd/MM/yyyy --schema s.json --mapping m.json --out out",
      ),
    )
    .action(
      async (
        file: string,
        options: ReadFlags & {
          schema: string;
          mapping: string;
          out: string;
          format: PartFormat;
          partSize?: number;
          threads?: number;
          emptyIdentity: EmptyIdentityChoice;
          json?: boolean;
          strict?: boolean;
        },
        command: Command,
      ) => {
        const read = await resolveRead(ctx, command, file, options);
        const [schema, mapping, inspection] = await Promise.all([
          loadSchemaFile(options.schema),
          loadMappingFile(options.mapping),
          inspectFile(file, { maxRows: 1, ...inspectOptionsOf(read) }),
        ]);
        checkReadAgainst(command, read.settings, inspection);
        for (const warning of misfitWarnings(inspection)) printLine(ctx.err, `xdm-loader: warning: ${warning}`);
        const { source, columns } = prepareSourceOf(inspection);
        const endHeapLog = startHeapLog('xdm-loader prepare');
        const summary = await startPrepareWorker(
          {
            inputPath: file,
            source,
            schema: schema.schema,
            descriptors: schema.descriptors,
            mapping,
            outDir: options.out,
            format: options.format,
            emptyIdentity: options.emptyIdentity,
            ...(options.partSize ? { targetPartBytes: options.partSize * 1024 * 1024 } : {}),
          },
          { columns, ...(options.threads ? { parallelism: options.threads } : {}) },
        );
        endHeapLog();
        if (options.json) printJson(ctx, { ...summary, read: readUsed(inspection, read) });
        else printSummary(ctx, options.out, summary);
        // On stderr, so that --json's output stays one JSON document.
        for (const warning of summaryWarnings(summary)) printLine(ctx.err, `xdm-loader: warning: ${warning}`);
        if (summary.status !== 'completed')
          throw new AppError(summary.status === 'cancelled' ? 'CANCELLED' : 'INTERNAL', `prepare ${summary.status}: ${summary.reason ?? ''}`.trim());
        if (options.strict && summary.rowsRejected > 0)
          throw new AppError('INVALID_INPUT', `${summary.rowsRejected} row(s) rejected (--strict); see ${options.out}/rejects.csv`, { file });
      },
    );
}

/**
 * The sampled cells that do not fit a column's type or date format, said before the job runs.
 * Why: the steward learns at once which rows a wrong --date-format will reject; rejects.csv then
 * lists every one of them with its row.
 */
function misfitWarnings(inspection: FileInspection): string[] {
  return inspection.columns.flatMap((column) =>
    column.invalid
      ? [
          `column "${column.name}": ${column.invalid.count} sampled value(s) are not ${column.dateFormat ? `dates as ${column.dateFormat}` : `of type ${column.type}`} (row ${column.invalid.rows.join(', ')}); their rows will be rejected if the mapping writes them to a ${column.type} field`,
        ]
      : [],
  );
}

function parseFormat(value: string): PartFormat {
  if (value !== 'json' && value !== 'parquet') throw new InvalidArgumentError('expected "json" or "parquet".');
  return value;
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number of threads from 1 to 64.');
  return n;
}

function parsePartSize(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 512) throw new InvalidArgumentError('expected a whole number of MiB from 1 to 512.');
  return n;
}

function printSummary(ctx: CliContext, dir: string, s: PrepareSummary): void {
  printLine(ctx.out, `Prepared into ${dir} (${s.status}, ${(s.durationMs / 1000).toFixed(1)} s)`);
  printLine(ctx.out, `  Rows read      ${s.rowsRead.toLocaleString('en-US')}`);
  printLine(ctx.out, `  Rows written   ${s.rowsWritten.toLocaleString('en-US')}${s.rowsWithWarnings > 0 ? ` (${s.rowsWithWarnings} with warnings)` : ''}`);
  printLine(ctx.out, `  Rows rejected  ${s.rowsRejected.toLocaleString('en-US')}${s.rowsRejected > 0 ? ` (see ${s.rejectsFile})` : ''}`);
  printLine(ctx.out, `  Parts          ${s.parts.length} (${formatBytes(s.parts.reduce((n, p) => n + p.bytes, 0))})`);
  const fast = s.fastPath;
  if (fast !== undefined && fast.declinedRows > 0) {
    const reasons = Object.entries(fast.reasons)
      .map(([kind, n]) => `${kind} ${String(n)}`)
      .join(', ');
    printLine(
      ctx.out,
      `  Fast path      ${fast.rows.toLocaleString('en-US')} rows; ${fast.declinedRows.toLocaleString('en-US')} took the general path (${reasons})`,
    );
  }
  if (!s.invariantHolds) printLine(ctx.out, `  ! ${s.reason ?? 'row counts do not add up'}`);
  const top = Object.entries(s.issuesByField)
    .flatMap(([field, kinds]) => Object.entries(kinds).map(([kind, n]) => ({ field, kind, n: n ?? 0 })))
    .sort((a, b) => b.n - a.n)
    .slice(0, 10);
  if (top.length > 0) {
    printLine(ctx.out);
    printLine(ctx.out, 'Most frequent issues');
    for (const t of top) printLine(ctx.out, `  ${String(t.n).padStart(8)}  ${t.field}  ${t.kind}`);
  }
}
