import type { TextEncoding } from '../../../src-shared/domain/inspection';
import { JsonArrayScanner } from './json-array-scanner';
import { tryParseJsonRecord } from './json-records';
import { MAX_RAW_CHARS } from './limits';
import type { RowBatch, SourceItem } from './row-types';
import { readTextChunks } from './text-stream';

/**
 * Streaming JSON Lines and JSON array records, a batch per chunk read.
 * Why: records flow a chunk at a time, each with the line it starts on, so a 5 GB export never
 * sits in memory; a record that is not valid JSON (or not an object) becomes a malformed item
 * at its line and the records after it are still read.
 */

export interface JsonReadOptions {
  readonly label: string;
  readonly encoding: TextEncoding;
}

/** One record's item: the parsed record, or a malformed row with the record's text. */
function itemOf(text: string, rowNumber: number, line: number): SourceItem {
  const parsed = tryParseJsonRecord(text, line);
  if ('record' in parsed) return { kind: 'record', rowNumber, line, rowGroup: null, record: parsed.record };
  const { reason, message, line: faultLine } = parsed.problem;
  return { kind: 'malformed', rowNumber, line: faultLine, raw: text.slice(0, MAX_RAW_CHARS), reason, message };
}

export async function* readJsonLinesBatches(path: string, options: JsonReadOptions): AsyncGenerator<RowBatch> {
  const counter = { bytesRead: 0 };
  let carry = '';
  let line = 0;
  let rowNumber = 0;
  const add = (text: string, out: SourceItem[]): void => {
    line += 1;
    if (text.trim() === '') return;
    rowNumber += 1;
    out.push(itemOf(text, rowNumber, line));
  };
  for await (const chunk of readTextChunks(path, options.encoding, options.label, counter)) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    const items: SourceItem[] = [];
    for (const text of lines) add(text, items);
    if (items.length > 0) yield { items, bytesRead: counter.bytesRead };
  }
  const items: SourceItem[] = [];
  add(carry, items);
  if (items.length > 0) yield { items, bytesRead: counter.bytesRead };
}

export async function* readJsonArrayBatches(path: string, options: JsonReadOptions): AsyncGenerator<RowBatch> {
  const counter = { bytesRead: 0 };
  const scanner = new JsonArrayScanner(options.label);
  let rowNumber = 0;
  for await (const chunk of readTextChunks(path, options.encoding, options.label, counter)) {
    const items: SourceItem[] = [];
    for (const element of scanner.push(chunk)) {
      rowNumber += 1;
      items.push(itemOf(element.text, rowNumber, element.line));
    }
    if (items.length > 0) yield { items, bytesRead: counter.bytesRead };
  }
  scanner.end();
}
