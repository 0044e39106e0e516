import type { TextEncoding } from '../../../src-shared/domain/inspection';
import { JsonArrayScanner } from './json-array-scanner';
import { parseJsonRecord } from './json-records';
import type { RecordRow } from './row-types';
import { readTextChunks } from './text-stream';

/**
 * Streaming JSON Lines and JSON array records.
 * Why: one record at a time, with the line it starts on, so a 5 GB export never sits in memory
 * and a bad record is reported where it is.
 */

export interface JsonReadOptions {
  readonly label: string;
  readonly encoding: TextEncoding;
}

export async function* readJsonLinesRows(path: string, options: JsonReadOptions): AsyncGenerator<RecordRow> {
  let carry = '';
  let line = 0;
  let rowNumber = 0;
  const toRow = (text: string): RecordRow | null => {
    line += 1;
    if (text.trim() === '') return null;
    rowNumber += 1;
    return { kind: 'record', rowNumber, line, rowGroup: null, record: parseJsonRecord(options.label, text, line) };
  };
  for await (const chunk of readTextChunks(path, options.encoding, options.label)) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const text of lines) {
      const row = toRow(text);
      if (row !== null) yield row;
    }
  }
  const last = toRow(carry);
  if (last !== null) yield last;
}

export async function* readJsonArrayRows(path: string, options: JsonReadOptions): AsyncGenerator<RecordRow> {
  const scanner = new JsonArrayScanner(options.label);
  let rowNumber = 0;
  for await (const chunk of readTextChunks(path, options.encoding, options.label)) {
    for (const element of scanner.push(chunk)) {
      rowNumber += 1;
      yield { kind: 'record', rowNumber, line: element.line, rowGroup: null, record: parseJsonRecord(options.label, element.text, element.line) };
    }
  }
  scanner.end();
}
