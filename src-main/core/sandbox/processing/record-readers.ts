/**
 * Reading the records of an uploaded file: JSON Lines, multi-line JSON, Parquet and CSV.
 *
 * Each reader is an async iterable that streams from disk (except multi-line JSON, which is one JSON
 * array and is parsed whole), so a 1 GB batch never sits in memory. A record that cannot be read is
 * yielded as a parse error carrying its raw text (AEP's code 1401, a row error, with the text as
 * `_corrupt_record`); a file that cannot be read at all throws `UnreadableFileError` (a batch error).
 *
 * JSON is read as Spark's JSON reader reads it, AEP's ingestion being Spark (inferred from Spark's
 * reader, as Adobe does not describe it): a JSON Lines line holding a top-level array of objects is one
 * row per element (SPARK-3308, `allowArrayAsStructs`), an empty array no row, and a line whose value is
 * not an object (or an array holding a non-object) one corrupt record, its whole line kept as text.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import type { InboundValue } from '../xdm/record-validator';
import { readLineChunks } from './line-reader';

export type ReadItem = { row: number; record: InboundValue } | { row: number; parseError: string; raw: string };

export class UnreadableFileError extends Error {}

export interface InputFormat {
  format: string;
  isMultiLineJson?: boolean;
  delimiter?: string;
  quote?: string;
  escape?: string;
  header?: string | boolean;
}

const CORRUPT_ROW = 'Row is corrupted and cannot be read, please fix and resend.';
/** How much of an unreadable record's text a failed record keeps. */
const MAX_CORRUPT_TEXT = 10_000;

function isRecordObject(value: unknown): value is { [k: string]: InboundValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function corrupt(row: number, text: string): ReadItem {
  return { row, parseError: CORRUPT_ROW, raw: text.slice(0, MAX_CORRUPT_TEXT) };
}

/** The rows of one JSON Lines line, as Spark reads it: an object, an array of objects, or a corrupt record. */
function rowsOfLine(row: number, line: string, into: ReadItem[]): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    into.push(corrupt(row, line));
    return;
  }
  if (isRecordObject(value)) into.push({ row, record: value });
  else if (Array.isArray(value) && value.every(isRecordObject)) for (const record of value) into.push({ row, record });
  else into.push(corrupt(row, line));
}

/** JSON Lines, a read's worth of records at a time (see `line-reader.ts`). */
async function* jsonLines(file: string): AsyncGenerator<ReadItem[]> {
  let row = 0;
  for await (const lines of readLineChunks(file)) {
    const items: ReadItem[] = [];
    for (const line of lines) {
      row += 1;
      if (line.trim() === '') continue;
      rowsOfLine(row, line, items);
    }
    if (items.length > 0) yield items;
  }
}

/** Wraps a record-at-a-time reader as chunks of one record. */
async function* single(items: AsyncGenerator<ReadItem>): AsyncGenerator<ReadItem[]> {
  for await (const item of items) yield [item];
}

async function* multiLineJson(file: string): AsyncGenerator<ReadItem> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UnreadableFileError(`The file is not a JSON array: ${(e as Error).message}`);
  }
  const records: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  let row = 0;
  for (const record of records) {
    row += 1;
    yield isRecordObject(record) ? { row, record } : corrupt(row, JSON.stringify(record));
  }
}

/**
 * Converts Parquet values (bigint, Date, nested rows) into inbound values, BigInt kept for the validator.
 * Un-annotated byte arrays are read as UTF-8 text, as Spark does with `binaryAsString`: writers such
 * as Hive and Impala store strings that way, and AEP's conversion table (aep-notes §9.1) has no binary.
 */
function fromParquet(value: unknown): InboundValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  if (typeof value === 'bigint' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(fromParquet);
  if (typeof value === 'object') {
    const out: { [k: string]: InboundValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = fromParquet(v);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

async function* parquet(file: string): AsyncGenerator<ReadItem> {
  let buffer;
  let metadata;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw new UnreadableFileError(`The file is not a readable Parquet file: ${(e as Error).message}`);
  }
  const total = Number(metadata.num_rows);
  const step = 5000;
  let row = 0;
  for (let start = 0; start < total; start += step) {
    const rows = await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd: Math.min(total, start + step) });
    for (const r of rows) {
      row += 1;
      yield { row, record: fromParquet(r) };
    }
  }
}

/** Turns `a.b.c` column names into nested objects; empty cells are left out. */
function nestCsvRow(row: Record<string, string>): InboundValue {
  const out: { [k: string]: InboundValue } = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === undefined || value === '') continue;
    const segs = name.split('.');
    let node = out;
    for (const seg of segs.slice(0, -1)) {
      const next = node[seg];
      if (typeof next === 'object' && next !== null && !Array.isArray(next) && !(next instanceof Date)) node = next as { [k: string]: InboundValue };
      else {
        const created: { [k: string]: InboundValue } = {};
        node[seg] = created;
        node = created;
      }
    }
    node[segs[segs.length - 1] ?? name] = value;
  }
  return out;
}

async function* csv(file: string, fmt: InputFormat): AsyncGenerator<ReadItem> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    header: String(fmt.header ?? 'true') !== 'false',
    skipEmptyLines: true,
    ...(fmt.delimiter ? { delimiter: fmt.delimiter } : {}),
    ...(fmt.quote ? { quoteChar: fmt.quote } : {}),
    ...(fmt.escape ? { escapeChar: fmt.escape } : {}),
  });
  createReadStream(file).pipe(parser);
  let row = 0;
  for await (const item of parser as AsyncIterable<Record<string, string>>) {
    row += 1;
    yield { row, record: nestCsvRow(item) };
  }
  if (row === 0) throw new UnreadableFileError('CSV file has an empty header row');
}

/**
 * The reader for a batch's input format, yielding records in chunks (in file order): JSON Lines a
 * read's worth at a time, the other formats one record at a time. Reading per chunk spares an async
 * step per record; the caller still handles (and checks for cancellation) one record at a time.
 */
export function readRecordChunks(file: string, fmt: InputFormat): AsyncGenerator<ReadItem[]> {
  switch (fmt.format) {
    case 'parquet':
      return single(parquet(file));
    case 'csv':
      return single(csv(file, fmt));
    default:
      return fmt.isMultiLineJson === true ? single(multiLineJson(file)) : jsonLines(file);
  }
}
