import { parquetMetadataAsync, parquetSchema, type AsyncBuffer, type FileMetaData, type ParquetParsers, type SchemaTree } from 'hyparquet';
import type { CellValue, ColumnType } from '../../../src-shared/domain/inspection';
import { PARQUET_MAGIC, startsWith } from './binary-signatures';
import { readFully, type OpenedSource } from './file-head';
import { malformedFile } from './source-errors';

/**
 * Parquet access over a file handle, shared by inspection and the row reader.
 * Why: hyparquet reads through an AsyncBuffer; backing it with positioned reads on one handle
 * means only the footer and the column chunks asked for are read (and counted), never the whole
 * file. Values are turned into JSON-safe cells here once: INT64 bigints become strings, dates
 * ISO strings, binary base64.
 */

/** An AsyncBuffer over an open file that counts the bytes it reads. */
export class CountingFileBuffer implements AsyncBuffer {
  bytesRead = 0;
  readonly byteLength: number;

  constructor(private readonly source: OpenedSource) {
    this.byteLength = source.size;
  }

  async slice(start: number, end: number = this.byteLength): Promise<ArrayBuffer> {
    const length = Math.max(0, Math.min(end, this.byteLength) - start);
    const buffer = new ArrayBuffer(length);
    const filled = await readFully(this.source, new Uint8Array(buffer), start);
    this.bytesRead += filled;
    if (filled < length) throw malformedFile(this.source.label, 'the Parquet file is truncated (a column chunk lies past its end)');
    return buffer;
  }
}

/** Reads and checks the footer; a missing or broken one is FILE_MALFORMED. */
export async function readParquetMetadata(file: CountingFileBuffer, label: string): Promise<FileMetaData> {
  if (file.byteLength < 12) throw malformedFile(label, 'the Parquet file is truncated (too short to hold a footer)');
  const tail = new Uint8Array(await file.slice(file.byteLength - 4));
  if (!startsWith(tail, PARQUET_MAGIC)) {
    throw malformedFile(label, 'the Parquet file is truncated or corrupt (it does not end with the PAR1 footer magic)');
  }
  try {
    return await parquetMetadataAsync(file, { parsers });
  } catch (error) {
    throw parquetError(label, error);
  }
}

/** Any failure from hyparquet while decoding becomes FILE_MALFORMED with its reason. */
export function parquetError(label: string, error: unknown): Error {
  if (error instanceof Error && error.name === 'AppError') return error;
  const detail = error instanceof Error ? error.message : String(error);
  return malformedFile(label, `the Parquet file is corrupt (${detail})`);
}

/** Parsers that produce cells directly: timestamps as ISO date-times, dates as YYYY-MM-DD. */
export const parsers: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => isoFromEpoch(millis, 1_000n),
  timestampFromMicroseconds: (micros: bigint) => isoFromEpoch(micros, 1_000_000n),
  timestampFromNanoseconds: (nanos: bigint) => isoFromEpoch(nanos, 1_000_000_000n),
  dateFromDays: (days: number) => {
    const date = new Date(days * 86_400_000);
    return Number.isNaN(date.getTime()) ? String(days) : date.toISOString().slice(0, 10);
  },
};

/** ISO 8601 in UTC, keeping sub-millisecond digits when the unit has them. */
function isoFromEpoch(value: bigint, perSecond: bigint): string {
  let seconds = value / perSecond;
  let fraction = value % perSecond;
  if (fraction < 0n) {
    seconds -= 1n;
    fraction += perSecond;
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return value.toString();
  const digits = perSecond.toString().length - 1;
  const fractionText = fraction.toString().padStart(digits, '0').replace(/0+$/, '');
  const base = date.toISOString().slice(0, 19);
  return `${base}${fractionText === '' ? '' : `.${fractionText}`}Z`;
}

/** A JSON-safe cell from whatever hyparquet produced. */
export function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(toCell);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), toCell(item)]));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCell(item)]));
  return String(value);
}

/** The top-level columns of the schema. */
export function topLevelColumns(metadata: FileMetaData): SchemaTree[] {
  return parquetSchema(metadata).children;
}

/**
 * A column's type from its schema, or null when only the values can tell (JSON, VARIANT).
 * Groups are objects, except LIST (arrays); MAP is an object keyed by the map's keys.
 */
export function schemaColumnType(column: SchemaTree): ColumnType | null {
  const { element } = column;
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'LIST' || converted === 'LIST') return 'array';
  if (column.children.length > 0) return element.repetition_type === 'REPEATED' ? 'array' : 'object';
  if (element.repetition_type === 'REPEATED') return 'array';
  if (logical === 'JSON' || converted === 'JSON' || logical === 'VARIANT') return null;
  if (logical === 'DATE' || converted === 'DATE') return 'date';
  if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || element.type === 'INT96') {
    return 'date-time';
  }
  if (logical === 'DECIMAL' || converted === 'DECIMAL' || logical === 'FLOAT16') return 'number';
  if (logical === 'STRING' || logical === 'ENUM' || logical === 'UUID' || logical === 'TIME') return 'string';
  if (converted === 'UTF8' || converted === 'ENUM' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS') return 'string';
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'INT64':
      return 'integer';
    case 'FLOAT':
    case 'DOUBLE':
      return 'number';
    default:
      return 'string';
  }
}
