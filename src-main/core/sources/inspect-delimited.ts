import Papa from 'papaparse';
import type { ColumnType, InspectedColumn, InspectionWarning } from '../../../src-shared/domain/inspection';
import type { ReadSettings } from '../../../src-shared/domain/read-settings';
import { normalizeColumnNames, positionalColumnNames } from './column-names';
import { detectDelimiter, type Delimiter } from './detect-delimiter';
import { inferTextCellType } from './infer-types';
import { OPEN_QUOTE_CUT_LIMIT, SAMPLE_ROWS } from './limits';
import { malformedFile } from './source-errors';
import { TextColumnTyper } from './text-column-type';
import { countLineBreaks } from './text-lines';

/**
 * CSV and TSV inspection of a decoded head.
 * Why: the head is parsed by papaparse exactly as the row reader will parse the whole file, so
 * the preview, the columns and the reported line numbers agree with what prepare will see.
 */

export interface DelimitedHead {
  readonly label: string;
  /** Decoded head, line breaks normalised to '\n', partial last line already dropped. */
  readonly text: string;
  /** True when the file goes on past the head. */
  readonly truncated: boolean;
  readonly maxRows: number;
  readonly delimiterHint: Delimiter;
  /** What the steward chose instead of detection (delimiter, quote, header row, column types). */
  readonly settings?: ReadSettings;
}

/** The quote character cells are read with unless the steward chose another. */
export const DEFAULT_QUOTE = '"';

export interface DelimitedInspection {
  /** Detected (one of `delimiterCandidates`) or the steward's: any single character. */
  readonly delimiter: string;
  readonly quote: '"' | "'";
  readonly hasHeader: boolean;
  readonly columns: InspectedColumn[];
  readonly rows: string[][];
  /** Data rows in the head (all rows of the file when it was not truncated). */
  readonly rowsInHead: number;
  readonly warnings: InspectionWarning[];
}

interface ParsedRecord {
  readonly cells: string[];
  readonly line: number;
}

export function inspectDelimited(head: DelimitedHead): DelimitedInspection {
  const settings = head.settings ?? {};
  const delimiter = settings.delimiter ?? detectDelimiter(head.text, head.delimiterHint);
  const quote = settings.quote ?? DEFAULT_QUOTE;
  const records = parseRecords(head, delimiter, quote);
  const first = records[0];
  if (first === undefined) {
    return { delimiter, quote, hasHeader: false, columns: [], rows: [], rowsInHead: 0, warnings: [] };
  }

  const hasHeader = settings.hasHeader ?? looksLikeHeader(first.cells);
  const body = hasHeader ? records.slice(1) : records;
  const warnings: InspectionWarning[] = [];
  let names: string[];
  if (hasHeader) {
    const normalized = normalizeColumnNames(first.cells);
    names = normalized.names;
    warnings.push(...normalized.warnings);
  } else {
    names = positionalColumnNames(mostCommonLength(body));
  }

  const ragged = body.filter((record) => record.cells.length !== names.length);
  const firstRagged = ragged[0];
  if (firstRagged !== undefined) {
    warnings.push({
      kind: 'ragged-rows',
      message:
        `${ragged.length} of the first ${body.length} rows do not have ${names.length} fields (first on line ${firstRagged.line}, ` +
        `with ${firstRagged.cells.length}); the preview pads short rows with empty cells and drops extra cells`,
      line: firstRagged.line,
      count: ragged.length,
    });
  }

  const typers = names.map((name) => new TextColumnTyper(Object.hasOwn(settings.columns ?? {}, name) ? settings.columns?.[name] : undefined));
  body.slice(0, SAMPLE_ROWS).forEach((record, index) => {
    typers.forEach((typer, column) => typer.add(index + 1, record.cells[column] ?? ''));
  });
  const columns: InspectedColumn[] = names.map((name, index) => (typers[index] as TextColumnTyper).result(name));
  const rows = body.slice(0, head.maxRows).map((record) => fitToWidth(record.cells, names.length));
  return { delimiter, quote, hasHeader, columns, rows, rowsInHead: body.length, warnings };
}

/**
 * All records of the head with the line each starts on; blank lines are skipped. Unclosed and
 * malformed quotes are errors, except a quote left open by the cut at the end of a truncated
 * head, which only drops that last, partial row.
 */
function parseRecords(head: DelimitedHead, delimiter: string, quoteChar: string): ParsedRecord[] {
  const parsed = Papa.parse<string[]>(head.text, { delimiter, newline: '\n', quoteChar });
  const lines: number[] = [];
  let line = 1;
  for (const cells of parsed.data) {
    lines.push(line);
    line += 1 + cells.reduce((sum, cell) => sum + countLineBreaks(cell), 0);
  }

  const lastIndex = parsed.data.length - 1;
  let dropLast = false;
  const quoteErrors = parsed.errors.filter((error) => error.type === 'Quotes').sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const firstError = quoteErrors[0];
  if (firstError !== undefined) {
    const rowIndex = firstError.row ?? lastIndex;
    const errorLine = lines[rowIndex] ?? line;
    const onlyOpenQuoteAtCut =
      head.truncated &&
      rowIndex === lastIndex &&
      quoteErrors.every((error) => error.code === 'MissingQuotes') &&
      (parsed.data[lastIndex] ?? []).reduce((sum, cell) => sum + cell.length, 0) < OPEN_QUOTE_CUT_LIMIT;
    if (!onlyOpenQuoteAtCut) throw quoteError(head.label, firstError.code, errorLine);
    dropLast = true;
  }

  const records: ParsedRecord[] = [];
  parsed.data.forEach((cells, index) => {
    if (dropLast && index === lastIndex) return;
    if (cells.length === 1 && cells[0] === '') return;
    records.push({ cells, line: lines[index] ?? 0 });
  });
  return records;
}

export function quoteError(label: string, code: string, line: number) {
  return code === 'MissingQuotes'
    ? malformedFile(label, 'unclosed quote: a quoted field is never closed, starting', line)
    : malformedFile(label, 'malformed quotes: a closing quote is followed by other characters in the field', line);
}

/**
 * A first row is a header unless one of its cells is a number, a boolean or a date: names are
 * text. A file whose every cell is text cannot be told apart, and is taken to have a header.
 */
function looksLikeHeader(cells: readonly string[]): boolean {
  const typed: ReadonlySet<ColumnType | null> = new Set(['integer', 'number', 'boolean', 'date', 'date-time']);
  return !cells.some((cell) => typed.has(inferTextCellType(cell)));
}

function mostCommonLength(records: readonly ParsedRecord[]): number {
  const frequency = new Map<number, number>();
  let best = 0;
  let bestTimes = 0;
  for (const { cells } of records) {
    const times = (frequency.get(cells.length) ?? 0) + 1;
    frequency.set(cells.length, times);
    if (times > bestTimes || (times === bestTimes && cells.length > best)) {
      best = cells.length;
      bestTimes = times;
    }
  }
  return best;
}

function fitToWidth(cells: string[], width: number): string[] {
  if (cells.length === width) return cells;
  if (cells.length > width) return cells.slice(0, width);
  return [...cells, ...Array.from({ length: width - cells.length }, () => '')];
}
