import { basename, extname } from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { FileFormat, FileInspection, InspectionWarning, TextEncoding } from '../../../src-shared/domain/inspection';
import type { ReadSettings } from '../../../src-shared/domain/read-settings';
import { describeBinarySignature, PARQUET_MAGIC, startsWith } from './binary-signatures';
import type { Delimiter } from './detect-delimiter';
import { openSource, readHead, type FileHead, type OpenedSource } from './file-head';
import { inspectDelimited } from './inspect-delimited';
import { inspectJsonArray, inspectJsonLines, type JsonInspection } from './inspect-json';
import { inspectParquet } from './inspect-parquet';
import { HEAD_BYTES, MAX_HEAD_BYTES, MAX_PREVIEW_ROWS } from './limits';
import { malformedFile } from './source-errors';
import { controlCharRatio, decodeHead, detectEncoding, type DetectedEncoding } from './text-encoding';
import { detectLineEnding, dropPartialLastLine, normalizeLineBreaks } from './text-lines';

/**
 * Inspecting a file from its head: format, encoding, delimiter, header, columns, first rows.
 * Why: this is what the Prepare screen and `xdm-loader inspect` show the moment a file is
 * dropped; it reads at most a bounded head (or a Parquet footer and first pages), so a 5 GB file
 * previews as fast as a 5 KB one, and every kind of bad input ends as a coded AppError naming the
 * file, never a stack trace.
 */

export interface InspectOptions {
  /** Rows returned in `rows` (1..10000, default 100). */
  maxRows?: number;
  /** How the file is named in messages and `file.name`; default: the path in messages, its base name in `file.name`. */
  displayName?: string;
  /** The text encoding the user chose, instead of the one found from the head (not for UTF-16 files). */
  encoding?: TextEncoding;
  /**
   * What the steward chose instead of detection for a delimited file (delimiter, quote, header
   * row, encoding, column types); other formats ignore it. `encoding` above wins over its encoding.
   */
  read?: ReadSettings;
}

/** Share of control characters above which decoded text is taken for binary data. */
const BINARY_CONTROL_RATIO = 0.01;

export async function inspectFile(path: string, options: InspectOptions = {}): Promise<FileInspection> {
  const maxRows = options.maxRows ?? 100;
  if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > MAX_PREVIEW_ROWS) {
    throw new AppError('INVALID_INPUT', `maxRows must be an integer from 1 to ${MAX_PREVIEW_ROWS}`, { field: 'maxRows' });
  }
  const label = options.displayName ?? path;
  const source = await openSource(path, label);
  try {
    const result = await inspectOpened(source, path, maxRows, options.encoding ?? options.read?.encoding, options.read);
    return { file: { name: options.displayName ?? basename(path), size: source.size }, ...result };
  } finally {
    await source.handle.close().catch(() => undefined);
  }
}

async function inspectOpened(
  source: OpenedSource,
  path: string,
  maxRows: number,
  chosen: TextEncoding | undefined,
  settings: ReadSettings | undefined,
): Promise<Omit<FileInspection, 'file'>> {
  const { label } = source;
  if (source.size === 0) throw new AppError('FILE_EMPTY', `${label}: the file is empty`, { file: label });
  const extension = extname(path).toLowerCase();

  let head = await readHead(source, HEAD_BYTES);
  if (startsWith(head.bytes, PARQUET_MAGIC)) return inspectParquet(source, maxRows);

  const binary = describeBinarySignature(head.bytes);
  if (binary !== null) {
    if (extension === '.parquet') throw malformedFile(label, 'not a valid Parquet file (it does not start with PAR1)');
    throw new AppError('FILE_BINARY', `${label}: not a text or Parquet file; it looks like ${binary}`, { file: label });
  }

  let decoded = decodeText(head, label, extension, chosen);
  const format = sniffTextFormat(decoded.text, extension);
  if (format !== 'json' && head.truncated && !/[\r\n]/.test(decoded.text)) {
    // The first line alone is longer than the head: read more, up to a bound.
    head = await readHead(source, MAX_HEAD_BYTES);
    decoded = decodeText(head, label, extension, chosen);
    if (head.truncated && !/[\r\n]/.test(decoded.text)) {
      throw malformedFile(label, `the first line is longer than ${MAX_HEAD_BYTES / 1024 / 1024} MiB`);
    }
  }

  const common = { encoding: decoded.encoding.encoding, bom: decoded.encoding.bom, bytesRead: head.bytes.length };
  const lineBased = format !== 'json';
  const rawText = head.truncated && lineBased ? dropPartialLastLine(decoded.text) : decoded.text;
  // A CR that ends a truncated head may be half of a CRLF: leave it out of the line-ending count.
  const endingText = head.truncated && rawText.endsWith('\r') ? rawText.slice(0, -1) : rawText;
  const text = normalizeLineBreaks(rawText);
  const warnings: InspectionWarning[] = [];

  if (format === 'csv') {
    const lineEnding = detectLineEnding(endingText, true);
    const hint: Delimiter = extension === '.tsv' || extension === '.tab' ? '\t' : extension === '.psv' ? '|' : ',';
    const result = inspectDelimited({ label, text, truncated: head.truncated, maxRows, delimiterHint: hint, ...(settings ? { settings } : {}) });
    warnings.push(...result.warnings, ...lineEndingWarnings(lineEnding), ...sampleWarnings(result.rows.length, maxRows, head));
    return {
      ...common,
      format: result.delimiter === '\t' ? 'tsv' : 'csv',
      delimiter: result.delimiter,
      quote: result.quote,
      hasHeader: result.hasHeader,
      lineEnding,
      columns: result.columns,
      rows: result.rows,
      totalRows: head.truncated ? null : result.rowsInHead,
      warnings,
    };
  }

  const lineEnding = detectLineEnding(endingText, false);
  const jsonHead = { label, text, truncated: head.truncated, maxRows };
  const result: JsonInspection = format === 'jsonl' ? inspectJsonLines(jsonHead) : inspectJsonArray(jsonHead);
  warnings.push(...(format === 'jsonl' ? lineEndingWarnings(lineEnding) : []), ...sampleWarnings(result.rows.length, maxRows, head));
  return {
    ...common,
    format,
    delimiter: null,
    hasHeader: true,
    lineEnding,
    columns: result.columns,
    rows: result.rows,
    totalRows: head.truncated ? null : result.rowsInHead,
    warnings,
  };
}

interface DecodedHead {
  readonly encoding: DetectedEncoding;
  readonly text: string;
}

function decodeText(head: FileHead, label: string, extension: string, chosen: TextEncoding | undefined): DecodedHead {
  const detected = detectEncoding(head.bytes, head.truncated);
  // A chosen 8-bit encoding replaces a detected one; a BOM or UTF-16 found in the bytes stays.
  const encoding =
    detected && chosen && !detected.bom && detected.encoding !== 'utf-16le' && detected.encoding !== 'utf-16be' ? { ...detected, encoding: chosen } : detected;
  const notText = (): AppError =>
    extension === '.parquet'
      ? malformedFile(label, 'not a valid Parquet file (it does not start with PAR1)')
      : new AppError('FILE_BINARY', `${label}: not a text or Parquet file (it holds binary data)`, { file: label });
  if (encoding === null) throw notText();
  const text = decodeHead(head.bytes, encoding, head.truncated);
  if (text.includes('\u0000') || controlCharRatio(text) > BINARY_CONTROL_RATIO) throw notText();
  if (text.trim() === '') {
    const what = encoding.bom && text === '' ? 'only a byte order mark' : 'only blank space';
    throw new AppError('FILE_EMPTY', `${label}: the file holds no data (${what})`, { file: label });
  }
  return { encoding, text };
}

/**
 * The text format from content first: '[' opening a value is a JSON array, '{' JSON Lines,
 * anything else delimited text (CSV or TSV, settled by the delimiter). The extension only breaks
 * the one real tie, a '[' that could open either a JSON array or a CSV header such as "[id],name".
 */
function sniffTextFormat(text: string, extension: string): Exclude<FileFormat, 'parquet' | 'tsv'> {
  const start = text.search(/\S/);
  const first = text[start];
  if (first === '{') return 'jsonl';
  if (first === '[') {
    const next = text.slice(start + 1).match(/\S/)?.[0];
    const opensValue = next === undefined || /[[{\]"\d\-tfn]/.test(next);
    if (opensValue || extension === '.json') return 'json';
  }
  return 'csv';
}

function lineEndingWarnings(lineEnding: FileInspection['lineEnding']): InspectionWarning[] {
  return lineEnding === 'mixed' ? [{ kind: 'mixed-line-endings', message: 'The file mixes line endings (LF, CRLF or CR); each is read as a line break' }] : [];
}

function sampleWarnings(rows: number, maxRows: number, head: FileHead): InspectionWarning[] {
  if (!head.truncated || rows >= maxRows) return [];
  const mib = (head.bytes.length / 1024 / 1024).toFixed(0);
  return [
    {
      kind: 'truncated-sample',
      message: `Only ${rows} row(s) fit in the first ${mib} MiB read for the preview; the file has more`,
      count: rows,
    },
  ];
}
