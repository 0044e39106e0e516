import type { CellValue, InspectedColumn } from '../../../src-shared/domain/inspection';
import { ColumnTally, inferValueType } from './infer-types';
import { JsonArrayScanner } from './json-array-scanner';
import { parseJsonRecord, type JsonRecord } from './json-records';
import { SAMPLE_ROWS } from './limits';

/**
 * JSON Lines and JSON array inspection of a decoded head.
 * Why: records name their own fields, so columns are the keys seen in the sampled records (in
 * the order first seen) and values keep their JSON types; nested objects and arrays are columns
 * of type object and array that the mapping can reach into.
 */

export interface JsonHead {
  readonly label: string;
  /** Decoded head, line breaks normalised to '\n'. For JSON Lines the partial last line is already dropped. */
  readonly text: string;
  readonly truncated: boolean;
  readonly maxRows: number;
}

export interface JsonInspection {
  readonly columns: InspectedColumn[];
  readonly rows: CellValue[][];
  /** Records in the head (all records of the file when it was not truncated). */
  readonly rowsInHead: number;
}

export function inspectJsonLines(head: JsonHead): JsonInspection {
  const records: JsonRecord[] = [];
  const lines = head.text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() !== '') records.push(parseJsonRecord(head.label, line, index + 1));
  });
  return summarize(records, head.maxRows);
}

export function inspectJsonArray(head: JsonHead): JsonInspection {
  const scanner = new JsonArrayScanner(head.label);
  const records = scanner.push(head.text).map((element) => parseJsonRecord(head.label, element.text, element.line));
  if (!head.truncated) scanner.end();
  return summarize(records, head.maxRows);
}

function summarize(records: readonly JsonRecord[], maxRows: number): JsonInspection {
  const sample = records.slice(0, SAMPLE_ROWS);
  const names: string[] = [];
  const known = new Set<string>();
  for (const record of sample) {
    for (const key of Object.keys(record)) {
      if (!known.has(key)) {
        known.add(key);
        names.push(key);
      }
    }
  }
  const columns = names.map((name) => {
    const tally = new ColumnTally();
    for (const record of sample) tally.add(inferValueType(record[name] ?? null));
    return { name, ...tally.result() };
  });
  const rows = records.slice(0, maxRows).map((record) => names.map((name) => record[name] ?? null));
  return { columns, rows, rowsInHead: records.length };
}
