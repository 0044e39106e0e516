import { z } from 'zod';
import { DateFormat, ReadQuote } from './read-settings';

/** A value as it can appear in a preview cell (JSON-safe; Parquet bigints become strings). */
export type CellValue = string | number | boolean | null | CellValue[] | { [key: string]: CellValue };
export const CellValue: z.ZodType<CellValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(CellValue), z.record(z.string(), CellValue)]),
);

export const fileFormats = ['csv', 'tsv', 'json', 'jsonl', 'parquet'] as const;
export const FileFormat = z.enum(fileFormats);
export type FileFormat = z.infer<typeof FileFormat>;

export const textEncodings = ['utf-8', 'utf-16le', 'utf-16be', 'latin1'] as const;
export const TextEncoding = z.enum(textEncodings);
export type TextEncoding = z.infer<typeof TextEncoding>;

/** Inferred column types; object and array appear only for nested JSON or Parquet columns. */
export const columnTypes = ['string', 'integer', 'number', 'boolean', 'date', 'date-time', 'object', 'array'] as const;
export const ColumnType = z.enum(columnTypes);
export type ColumnType = z.infer<typeof ColumnType>;

export const InspectedColumn = z.object({
  name: z.string(),
  type: ColumnType,
  /** Share of sampled cells that were empty or null, 0..1. */
  emptyRatio: z.number().min(0).max(1),
  /** The date pattern the cells are read with (the steward's choice); absent for ISO dates and other types. */
  dateFormat: DateFormat.optional(),
  /** The type (or date format) is the steward's choice, not inferred. */
  chosen: z.boolean().optional(),
  /**
   * Sampled cells that do not fit the column's type (a date column with a few bad values): how
   * many, and the data row numbers of the first few. Why not text: one typo must not hide that a
   * column is a date; the steward sees which rows will be rejected instead.
   */
  invalid: z.object({ count: z.number().int().positive(), rows: z.array(z.number().int().positive()) }).optional(),
});
export type InspectedColumn = z.infer<typeof InspectedColumn>;

export const InspectionWarning = z.object({
  kind: z.enum(['ragged-rows', 'duplicate-column', 'empty-column-name', 'mixed-line-endings', 'truncated-sample']),
  message: z.string(),
  line: z.number().int().optional(),
  count: z.number().int().optional(),
});
export type InspectionWarning = z.infer<typeof InspectionWarning>;

/** What `files.inspect` and `xdm-loader inspect --json` report about a file, from its head only. */
export const FileInspection = z.object({
  file: z.object({ name: z.string(), size: z.number().int().nonnegative() }),
  format: FileFormat,
  /** Null for Parquet, whose strings are always UTF-8 inside a binary container. */
  encoding: TextEncoding.nullable(),
  bom: z.boolean(),
  /** Null for formats without a delimiter. */
  delimiter: z.string().nullable(),
  /** The quote character delimited cells are read with; absent for formats without one. */
  quote: ReadQuote.optional(),
  hasHeader: z.boolean(),
  lineEnding: z.enum(['lf', 'crlf', 'cr', 'mixed']).nullable(),
  columns: z.array(InspectedColumn),
  rows: z.array(z.array(CellValue)),
  /** Exact for Parquet (from its footer); null for text formats, whose head only is read. */
  totalRows: z.number().int().nonnegative().nullable(),
  bytesRead: z.number().int().nonnegative(),
  warnings: z.array(InspectionWarning),
});
export type FileInspection = z.infer<typeof FileInspection>;
