import type { TextEncoding } from '../../../src-shared/domain/inspection';
import { JsonArrayScanner } from './json-array-scanner';
import { recordTooLong, tryParseJsonRecord } from './json-records';
import type { JsonRecordProblem } from './json-records';
import { MAX_RAW_CHARS, MAX_ROW_CHARS } from './limits';
import type { RowBatch, SourceItem } from './row-types';
import { readTextChunks } from './text-stream';

/**
 * Streaming JSON Lines and JSON array records, a batch per chunk read.
 * Why: records flow a chunk at a time, each with the line it starts on, so a 5 GB export never
 * sits in memory; a record that is not valid JSON (or not an object) becomes a malformed item
 * at its line and the records after it are still read. A record longer than MAX_ROW_CHARS (as
 * the CSV reader bounds a row) is rejected as soon as it passes the limit, and the rest of it is
 * skipped without being held, so memory stays bounded whatever one line holds.
 */

export interface JsonReadOptions {
  readonly label: string;
  readonly encoding: TextEncoding;
}

/** One record's item: the parsed record, or a malformed row with the record's text. */
function itemOf(text: string, rowNumber: number, line: number): SourceItem {
  const parsed = tryParseJsonRecord(text, line);
  if ('record' in parsed) return { kind: 'record', rowNumber, line, rowGroup: null, record: parsed.record };
  return malformedItem(parsed.problem, rowNumber, text);
}

function malformedItem(problem: JsonRecordProblem, rowNumber: number, text: string): SourceItem {
  const { reason, message, line } = problem;
  return { kind: 'malformed', rowNumber, line, raw: text.slice(0, MAX_RAW_CHARS), reason, message };
}

export async function* readJsonLinesBatches(path: string, options: JsonReadOptions): AsyncGenerator<RowBatch> {
  const counter = { bytesRead: 0 };
  // The start of a line that goes on in the next chunks, in pieces: joined once its end is found,
  // so a long line costs one copy, not one per chunk.
  let carry: string[] = [];
  let carryChars = 0;
  let line = 0;
  let rowNumber = 0;
  /** Inside a line already rejected as too long: its text is dropped up to the next line break. */
  let skipping = false;
  const add = (text: string, out: SourceItem[]): void => {
    line += 1;
    if (text.trim() === '') return;
    rowNumber += 1;
    out.push(itemOf(text, rowNumber, line));
  };
  for await (const chunk of readTextChunks(path, options.encoding, options.label, counter)) {
    const items: SourceItem[] = [];
    const firstBreak = chunk.indexOf('\n');
    if (firstBreak < 0) {
      if (skipping) continue;
      carry.push(chunk);
      carryChars += chunk.length;
      if (carryChars > MAX_ROW_CHARS) {
        line += 1;
        rowNumber += 1;
        items.push(malformedItem(recordTooLong(line), rowNumber, carry.join('').slice(0, MAX_RAW_CHARS)));
        carry = [];
        carryChars = 0;
        skipping = true;
      }
    } else {
      if (skipping) skipping = false;
      else add(carry.join('') + chunk.slice(0, firstBreak), items);
      const lines = chunk.slice(firstBreak + 1).split('\n');
      const rest = lines.pop() ?? '';
      for (const lineText of lines) add(lineText, items);
      carry = [rest];
      carryChars = rest.length;
    }
    if (items.length > 0) yield { items, bytesRead: counter.bytesRead };
  }
  const items: SourceItem[] = [];
  if (!skipping) add(carry.join(''), items);
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
      items.push(element.tooLong ? malformedItem(recordTooLong(element.line), rowNumber, '') : itemOf(element.text, rowNumber, element.line));
    }
    if (items.length > 0) yield { items, bytesRead: counter.bytesRead };
  }
  scanner.end();
}
