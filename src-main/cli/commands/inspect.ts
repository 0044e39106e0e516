import { InvalidArgumentError, type Command } from 'commander';
import type { CellValue, FileInspection } from '../../../src-shared/domain/inspection';
import { inspectFile, MAX_PREVIEW_ROWS } from '../../core/sources/index';
import type { CliContext } from '../context';
import { formatBytes, printJson, printLine, renderTable } from '../output';
import { addReadOptions, checkReadAgainst, inspectOptionsOf, resolveRead, readOptionsHelp, readUsed, type ReadFlags } from '../read-options';

/**
 * `xdm-loader inspect FILE [--json] [--rows N]`: what the app sees in a file.
 * Why: the same inspection as the Prepare screen, headless, so a file can be checked in a
 * terminal or a script before it is mapped; `--json` is the FileInspection object itself, with
 * `read`: the read settings used and which of them the flags chose.
 */

const HUMAN_DEFAULT_ROWS = 10;
const JSON_DEFAULT_ROWS = 100;

export function register(program: Command, ctx: CliContext): void {
  addReadOptions(
    program
      .command('inspect')
      .description("Detect a file's format, encoding, delimiter, header and column types, and show its first rows (reads only the head of the file)")
      .argument('<file>', 'CSV, TSV, JSON, JSON Lines or Parquet file')
      .option('--json', 'print the inspection as one JSON object')
      .option('--rows <n>', `rows to show, 1-${MAX_PREVIEW_ROWS} (default ${HUMAN_DEFAULT_ROWS}, or ${JSON_DEFAULT_ROWS} with --json)`, parseRowCount),
  )
    .addHelpText('after', readOptionsHelp("xdm-loader inspect export.txt --delimiter ';' --quote \"'\" --no-header --date-format column_3=dd/MM/yyyy --json"))
    .action(async (file: string, options: ReadFlags & { json?: boolean; rows?: number }, command: Command) => {
      const json = options.json === true;
      const read = await resolveRead(ctx, command, file, options);
      const inspection = await inspectFile(file, { maxRows: options.rows ?? (json ? JSON_DEFAULT_ROWS : HUMAN_DEFAULT_ROWS), ...inspectOptionsOf(read) });
      checkReadAgainst(command, read.settings, inspection);
      if (json) {
        const { format, encoding, delimiter, columns, rows, ...rest } = inspection;
        printJson(ctx, { format, encoding, delimiter, columns, rows, ...rest, read: readUsed(inspection, read) });
      } else {
        printSummary(ctx, file, inspection);
      }
    });
}

function parseRowCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > MAX_PREVIEW_ROWS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_PREVIEW_ROWS}.`);
  }
  return count;
}

const formatNames: Record<FileInspection['format'], string> = {
  csv: 'CSV',
  tsv: 'TSV (tab-separated)',
  json: 'JSON array',
  jsonl: 'JSON Lines',
  parquet: 'Parquet',
};

const delimiterNames: Record<string, string> = { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab', '|': 'pipe (|)' };

function printSummary(ctx: CliContext, path: string, inspection: FileInspection): void {
  const out = ctx.out;
  printLine(out, `${path}`);
  const facts: [string, string][] = [
    ['Format', formatNames[inspection.format]],
    ['Size', formatBytes(inspection.file.size)],
  ];
  if (inspection.encoding !== null) facts.push(['Encoding', `${inspection.encoding.toUpperCase()}${inspection.bom ? ' with BOM' : ''}`]);
  if (inspection.delimiter !== null) facts.push(['Delimiter', delimiterNames[inspection.delimiter] ?? JSON.stringify(inspection.delimiter)]);
  if (inspection.quote !== undefined) facts.push(['Quote', inspection.quote]);
  if (inspection.format === 'csv' || inspection.format === 'tsv') facts.push(['Header row', inspection.hasHeader ? 'yes' : 'no (columns are numbered)']);
  if (inspection.lineEnding !== null) facts.push(['Line breaks', inspection.lineEnding.toUpperCase()]);
  facts.push(['Rows', inspection.totalRows === null ? 'not counted (only the head of the file is read)' : inspection.totalRows.toLocaleString('en-US')]);
  facts.push(['Read', `${formatBytes(inspection.bytesRead)} for this preview`]);
  for (const [name, value] of facts) printLine(out, `  ${name.padEnd(13)}${value}`);

  printLine(out);
  printLine(out, `Columns (${inspection.columns.length})`);
  const columnRows = inspection.columns.map((column, index) => [
    String(index + 1),
    column.name,
    `${column.type}${column.dateFormat ? ` (${column.dateFormat})` : ''}${column.chosen ? ', chosen' : ''}`,
    `${Math.round(column.emptyRatio * 100)}%`,
    column.invalid ? `${column.invalid.count} (row ${column.invalid.rows.join(', ')})` : '',
  ]);
  for (const line of renderTable(['#', 'Name', 'Type', 'Empty', 'Not fitting'], columnRows, { width: ctx.width, maxCell: 40 }).lines) printLine(out, line);

  printLine(out);
  if (inspection.rows.length === 0) {
    printLine(out, 'No rows.');
  } else {
    printLine(out, `First ${inspection.rows.length} row(s)`);
    const cells = inspection.rows.map((row) => row.map(cellText));
    const table = renderTable(
      inspection.columns.map((column) => column.name),
      cells,
      { width: ctx.width, maxCell: 24 },
    );
    for (const line of table.lines) printLine(out, line);
    if (table.hiddenColumns > 0) printLine(out, `  … and ${table.hiddenColumns} more column(s); use --json to see every cell`);
  }

  if (inspection.warnings.length > 0) {
    printLine(out);
    printLine(out, 'Warnings');
    for (const warning of inspection.warnings) printLine(out, `  ! ${warning.message}`);
  }
}

function cellText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
