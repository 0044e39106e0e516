import { z } from 'zod';

/**
 * How the steward wants a delimited file read, where it differs from what inspection found.
 * Why a separate, all-optional shape: each setting absent means "as detected", so a draft made
 * before a setting existed, or a file whose detection was right, carries nothing; and the same
 * object travels with every request that reads the file (inspection, suggestions, previews, the
 * prepare job), so all of them read the file the same way.
 */

/** The delimiters the File step offers; the command line also takes any other single character. */
export const readDelimiters = [',', ';', '\t', '|'] as const;
/**
 * One character that is not a line break (rows end at line breaks), a double quote (the default
 * quote character) or a byte order mark. Why not only the four offered: exports use `:` or `~` too, and a
 * script must be able to say so; the reader takes any single character.
 */
export const ReadDelimiter = z
  .string()
  .length(1, 'a delimiter is exactly one character')
  // The characters papaparse will not split on (it would guess a delimiter instead, silently).
  .refine((c) => c !== '\n' && c !== '\r' && c !== '"' && c !== '\uFEFF', 'a delimiter cannot be a line break, a double quote or a byte order mark');

export const readQuotes = ['"', "'"] as const;
export const ReadQuote = z.enum(readQuotes);

/** The types a text column can be read as (object and array only come from JSON or Parquet). */
export const textColumnTypes = ['string', 'integer', 'number', 'boolean', 'date', 'date-time'] as const;
export const TextColumnType = z.enum(textColumnTypes);
export type TextColumnType = z.infer<typeof TextColumnType>;

/**
 * Java-style date patterns (as AEP Data Prep's `date()` takes them) a steward can pick for a
 * column; the cells are read with it and handed on as ISO 8601 dates.
 */
export const dateFormats = [
  'dd/MM/yyyy',
  'MM/dd/yyyy',
  'dd.MM.yyyy',
  'dd-MM-yyyy',
  'yyyy/MM/dd',
  'dd/MM/yyyy HH:mm',
  'MM/dd/yyyy HH:mm',
  'dd/MM/yyyy HH:mm:ss',
  'yyyyMMdd',
] as const;
export const DateFormat = z.enum(dateFormats);
export type DateFormat = z.infer<typeof DateFormat>;

/** Whether a pattern holds a time of day (its cells become date-times rather than dates). */
export function dateFormatHasTime(format: DateFormat): boolean {
  return /[Hhms]/.test(format);
}

/** One column's reading: a type, or a date format (which makes it a date or date-time column). */
export const ColumnReadSetting = z.union([z.object({ type: TextColumnType }).strict(), z.object({ dateFormat: DateFormat }).strict()]);
export type ColumnReadSetting = z.infer<typeof ColumnReadSetting>;

/** Most columns a steward's settings name: well above any real file's width, bounded for a draft. */
const MAX_COLUMN_SETTINGS = 2000;

export const ReadSettings = z
  .object({
    delimiter: ReadDelimiter.optional(),
    quote: ReadQuote.optional(),
    hasHeader: z.boolean().optional(),
    /** Only the 8-bit encodings can be chosen: a UTF-16 file is known by its bytes. */
    encoding: z.enum(['utf-8', 'latin1']).optional(),
    /** By column name, as the inspection read with the other settings names it. */
    columns: z
      .record(z.string(), ColumnReadSetting)
      .refine((columns) => Object.keys(columns).length <= MAX_COLUMN_SETTINGS, `at most ${MAX_COLUMN_SETTINGS} column settings`)
      .optional(),
  })
  .strict();
export type ReadSettings = z.infer<typeof ReadSettings>;

/** The settings without the ones left to detection, or undefined when none is set (a request leaves it out). */
export function settingsOrNothing(settings: ReadSettings | undefined): ReadSettings | undefined {
  if (!settings) return undefined;
  const kept = Object.fromEntries(
    Object.entries(settings).filter(([key, value]) => value !== undefined && !(key === 'columns' && Object.keys(value as object).length === 0)),
  );
  return Object.keys(kept).length === 0 ? undefined : (kept as ReadSettings);
}
