/**
 * A prepare job's folder under the jobs folder: `<ISO time>-<file name>`, extension kept.
 * Why the extension: History names an upload of a prepared folder after it, and customers.csv
 * and customers.parquet prepared the same day must not both read "customers (prepared)".
 * Why the pattern is here too: retention removes only folders named this way, never another
 * folder a steward or a script put beside the jobs.
 */
export function preparedFolderName(at: Date, fileName: string): string {
  return `${at.toISOString().replace(/[:.]/g, '-')}-${fileName.replace(/[^\w.-]+/g, '_')}`;
}

/** `2026-12-07T01-02-03-456Z-` followed by the file's name, as preparedFolderName writes it. */
const PREPARED_FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[\w.-]+$/;

/** Whether `name` (a folder's base name) is one preparedFolderName made. */
export function isPreparedFolderName(name: string): boolean {
  return PREPARED_FOLDER.test(name);
}
