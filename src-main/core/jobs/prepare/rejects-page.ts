import { AppError } from '../../../../src-shared/domain/errors';
import { inspectFile, openRowBatches, type RowSource } from '../../sources/index';
import { originalRejects } from './spreadsheet-cells';

/**
 * One page of rejects.csv, as the Prepare step browses it: from a position in the file, or from
 * the reject of a given source row (the steward's "go to row N").
 * Why streamed and not the head only: a file with 40,000 rejects must be browsable to its last
 * page, and rejects.csv is written by us, so it is always read as the same plain CSV.
 */

const REJECTS_SOURCE: RowSource = { format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true };

export interface RejectsPageRequest {
  /** 0-based position of the first reject of the page. */
  offset: number;
  limit: number;
  /** A source row number: the page starts at its reject, or at the first reject after it. */
  row?: number;
}

export interface RejectsPage {
  columns: string[];
  rows: string[][];
  /** Where the page starts (with `row`, where that row's reject was found). */
  offset: number;
  /** With `row`: whether that very row was rejected (else the page starts at the next reject). */
  rowFound?: boolean;
}

export async function readRejectsPage(file: string, request: RejectsPageRequest, signal?: AbortSignal): Promise<RejectsPage> {
  const header = (await inspectFile(file, { maxRows: 1, read: { delimiter: ',', hasHeader: true } })).columns.map((c) => c.name);
  const rows: string[][] = [];
  let index = 0;
  let start = request.row === undefined ? request.offset : -1;
  let rowFound: boolean | undefined;
  reading: for await (const batch of openRowBatches(file, REJECTS_SOURCE, signal ? { signal } : {})) {
    for (const item of batch.items) {
      if (item.kind !== 'cells') throw new AppError('FILE_MALFORMED', `The rejects file is unreadable near line ${item.line}`, { file });
      if (start < 0 && request.row !== undefined && Number(item.cells[0]) >= request.row) {
        start = index;
        rowFound = Number(item.cells[0]) === request.row;
      }
      if (start >= 0 && index >= start) {
        rows.push(item.cells);
        if (rows.length >= request.limit) break reading;
      }
      index++;
    }
  }
  // A row after the last reject: the last page, so the steward sees where the rejects end.
  if (start < 0) return { ...(await readRejectsPage(file, { offset: Math.max(0, index - request.limit), limit: request.limit }, signal)), rowFound: false };
  return { ...originalRejects(header, rows), offset: start, ...(rowFound === undefined ? {} : { rowFound }) };
}
