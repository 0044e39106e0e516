import { AppError } from '../../../src-shared/domain/errors';
import type { CellValue } from '../../../src-shared/domain/inspection';
import { tooDeepMessage } from '../../../src-shared/domain/json-depth';
import { MAX_ROW_CHARS } from './limits';
import { malformedFile } from './source-errors';
import { countLineBreaks } from './text-lines';

/**
 * Parsing one JSON record with errors that point at the line.
 * Why: JSON.parse reports a character position inside the text it was given; people need the
 * line of the file, and a record that is not an object cannot become a row.
 */

export type JsonRecord = { [key: string]: CellValue };

/** A record that could not be parsed: why, in words, and the line of the fault. */
export interface JsonRecordProblem {
  readonly reason: 'invalid-json' | 'not-an-object' | 'too-deep' | 'row-too-long';
  readonly message: string;
  readonly line: number;
}

/**
 * Parses the text of one record that starts on `line`, or says what is wrong with it.
 * Why not throw: the readers turn a bad record into a malformed row and go on; only the preview
 * turns it into an error ({@link parseJsonRecord}).
 */
export function tryParseJsonRecord(text: string, line: number): { record: JsonRecord } | { problem: JsonRecordProblem } {
  if (text.length > MAX_ROW_CHARS) return { problem: recordTooLong(line) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(detail);
    const faultLine = position ? line + countLineBreaks(text.slice(0, Number(position[1]))) : line;
    const reason = detail.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    return { problem: { reason: 'invalid-json', message: `invalid JSON (${reason})`, line: faultLine } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { problem: { reason: 'not-an-object', message: `the record is ${kind}; each record must be a JSON object`, line } };
  }
  const tooDeep = tooDeepMessage(value, 'the record');
  if (tooDeep !== undefined) return { problem: { reason: 'too-deep', message: tooDeep, line } };
  return { record: value as JsonRecord };
}

/** A record longer than the readers hold (as the CSV reader bounds a row). */
export function recordTooLong(line: number): JsonRecordProblem {
  return {
    reason: 'row-too-long',
    message: `the record is longer than ${MAX_ROW_CHARS / (1024 * 1024)} MiB of text (${MAX_ROW_CHARS} characters), the limit for one record`,
    line,
  };
}

/** The error a record problem is when it must stop the read (the preview). */
export function jsonRecordError(label: string, problem: JsonRecordProblem): AppError {
  if (problem.reason === 'invalid-json') return malformedFile(label, problem.message, problem.line);
  return new AppError('FILE_UNSUPPORTED', `${label}: ${problem.message.replace('the record is', `the record on line ${problem.line} is`)}`, {
    file: label,
    line: problem.line,
  });
}

/**
 * Parses the text of one record that starts on `line`. Invalid JSON is FILE_MALFORMED at the
 * line of the fault; a value other than an object is FILE_UNSUPPORTED.
 */
export function parseJsonRecord(label: string, text: string, line: number): JsonRecord {
  const parsed = tryParseJsonRecord(text, line);
  if ('problem' in parsed) throw jsonRecordError(label, parsed.problem);
  return parsed.record;
}
