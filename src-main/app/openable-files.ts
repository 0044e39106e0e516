import path from 'node:path';

/**
 * The file types the app opens, for the File > Open dialog and for paths on the command line.
 * Why one list: the dialog filters and the second-launch argument check must agree, or a file
 * the dialog offers would be ignored when passed on the command line (or the reverse).
 */
export const openableFileFilters = [
  { name: 'Data files', extensions: ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'parquet'] },
  { name: 'CSV / TSV', extensions: ['csv', 'tsv'] },
  { name: 'JSON / JSON Lines', extensions: ['json', 'jsonl', 'ndjson'] },
  { name: 'Parquet', extensions: ['parquet'] },
] as const;

const openableExtensions = new Set<string>(openableFileFilters.flatMap((filter) => filter.extensions.map((ext) => `.${ext}`)));

/** Whether a file name has one of the extensions the dialog offers (case-insensitive). */
export function isOpenableFileName(fileName: string): boolean {
  return openableExtensions.has(path.extname(fileName).toLowerCase());
}
