import { AppError } from '../../../src-shared/domain/errors';
import type { CellValue } from '../../../src-shared/domain/inspection';
import { malformedFile } from './source-errors';
import { countLineBreaks } from './text-lines';

/**
 * Parsing one JSON record with errors that point at the line.
 * Why: JSON.parse reports a character position inside the text it was given; people need the
 * line of the file, and a record that is not an object cannot become a row.
 */

export type JsonRecord = { [key: string]: CellValue };

/**
 * Parses the text of one record that starts on `line`. Invalid JSON is FILE_MALFORMED at the
 * line of the fault; a value other than an object is FILE_UNSUPPORTED.
 */
export function parseJsonRecord(label: string, text: string, line: number): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(detail);
    const faultLine = position ? line + countLineBreaks(text.slice(0, Number(position[1]))) : line;
    const reason = detail.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw malformedFile(label, `invalid JSON (${reason})`, faultLine);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new AppError('FILE_UNSUPPORTED', `${label}: the record on line ${line} is ${kind}; each record must be a JSON object`, {
      file: label,
      line,
    });
  }
  return value as JsonRecord;
}
