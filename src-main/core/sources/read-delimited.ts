import Papa from 'papaparse';
import type { TextEncoding } from '../../../src-shared/domain/inspection';
import { MAX_RAW_CHARS, MAX_ROW_CHARS } from './limits';
import type { MalformedReason, RowBatch, SourceItem } from './row-types';
import { countLineBreaks } from './text-lines';
import { readTextPieces } from './text-stream';
import type { TextRange } from './text-stream';

/**
 * Streaming CSV/TSV rows with papaparse, a decoded chunk at a time.
 * Why this shape: the reader pulls one chunk from disk, hands it (with the incomplete row left
 * over from the chunk before) to papaparse's parser in one call, and yields the complete rows as
 * one batch. Nothing is read until the consumer asks for the next batch, so memory holds one
 * chunk and one batch however slow the consumer and however large the file; and there is no
 * per-row callback, promise or generator step. Line numbers are counted from the text: one per
 * row, plus those inside quoted cells (line breaks are normalised before parsing).
 * A row papaparse cannot make sense of becomes a `malformed` item and reading goes on: a row
 * with broken quotes (or longer than MAX_ROW_CHARS) loses its first line and parsing resumes on
 * the next line, so one stray quote costs one row, not the rows it would otherwise swallow.
 */

export interface DelimitedReadOptions {
  readonly label: string;
  readonly encoding: TextEncoding;
  readonly delimiter: string;
  /** The quote character (default `"`). */
  readonly quote?: string;
  readonly hasHeader: boolean;
  /** Read only from `range.start`, ending at the first stop that is a row boundary (see {@link RangeEnd}). */
  readonly range?: DelimitedRange;
}

/** Where a ranged read ended. */
export interface RangeEnd {
  /** Index of the stop at which the read ended on a row boundary; null when it read to the end of the file. */
  readonly stoppedAt: number | null;
  /** Lines consumed from the range's start (all of them complete when stoppedAt is set). */
  readonly lines: number;
}

export interface DelimitedRange extends TextRange {
  /** Called once, when the read ends (not when the consumer stops early). */
  readonly onEnd: (end: RangeEnd) => void;
}

/** What `Papa.Parser#parse` returns (typed `any` upstream). */
interface ChunkResult {
  data: string[][];
  errors: Papa.ParseError[];
  meta: { cursor: number };
}

const MESSAGES: Record<Extract<MalformedReason, 'unclosed-quote' | 'malformed-quotes' | 'row-too-long'>, string> = {
  'unclosed-quote': 'unclosed quote: a quoted field is never closed',
  'malformed-quotes': 'malformed quotes: a closing quote is followed by other characters in the field',
  'row-too-long': `the row is longer than ${MAX_ROW_CHARS} characters without ending (an unclosed quote?)`,
};

/** Line breaks in `text[from, to)`. */
function breaksBetween(text: string, from: number, to: number): number {
  let count = 0;
  let index = text.indexOf('\n', from);
  while (index >= 0 && index < to) {
    count += 1;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}

/** The first line of `text` from `start` (without its line break), cut at MAX_RAW_CHARS. */
function firstLine(text: string, start: number): { raw: string; next: number } {
  const end = text.indexOf('\n', start);
  const stop = end < 0 ? text.length : end;
  return { raw: text.slice(start, Math.min(stop, start + MAX_RAW_CHARS)), next: end < 0 ? -1 : end + 1 };
}

/**
 * The parsing state between chunks: the incomplete last row, the line it starts on, the row
 * count and whether the header is still to be skipped.
 */
class DelimitedChunker {
  readonly #parser: Papa.Parser;
  readonly #config: Papa.ParseConfig<string[]>;
  /** Line on which the unparsed text (the carry) starts. */
  #line = 1;
  #rowNumber = 0;
  #headerPending: boolean;
  /** Inside an over-long line whose start was already rejected: drop text up to its end. */
  #skipToLineEnd = false;
  #carry = '';
  readonly #quote: string;

  constructor(delimiter: string, hasHeader: boolean, quote: string) {
    this.#quote = quote;
    this.#config = { delimiter, newline: '\n', quoteChar: quote };
    this.#parser = new Papa.Parser(this.#config);
    this.#headerPending = hasHeader;
  }

  /** Parses the carry plus `chunk`; complete rows (and malformed ones) are appended to `out`. */
  push(chunk: string, out: SourceItem[]): void {
    if (
      this.#carry.length > 0 &&
      !this.#skipToLineEnd &&
      this.#carry.length + chunk.length <= MAX_ROW_CHARS &&
      !chunk.includes(this.#quote) &&
      !chunk.includes('\n')
    ) {
      // Without a quote or a line break no open row can end in this chunk (a quoted cell needs a
      // quote, any row a line break): parsing the carry again would only copy it. An unclosed
      // quote 50 MB long was re-parsed chunk after chunk, its copies peaking above 400 MB.
      this.#carry += chunk;
      return;
    }
    let text = this.#carry.length > 0 ? this.#carry + chunk : chunk;
    this.#carry = '';
    if (this.#skipToLineEnd) {
      const end = text.indexOf('\n');
      if (end < 0) return;
      text = text.slice(end + 1);
      this.#skipToLineEnd = false;
      this.#line += 1;
    }
    this.#parse(text, false, out);
  }

  /**
   * True when the text so far ends exactly at a row boundary: nothing is carried over, so the
   * next byte starts a row (rather than continuing a quoted cell).
   */
  get atRowBoundary(): boolean {
    return this.#carry === '' && !this.#skipToLineEnd;
  }

  /** Complete lines consumed so far. */
  get linesConsumed(): number {
    return this.#line - 1;
  }

  /** Parses what is left at the end of the file. */
  end(out: SourceItem[]): void {
    const text = this.#carry;
    this.#carry = '';
    if (!this.#skipToLineEnd && text !== '') this.#parse(text, true, out);
  }

  #parse(input: string, final: boolean, out: SourceItem[]): void {
    let text = input;
    for (;;) {
      const result = this.#parser.parse(text, 0, !final) as unknown as ChunkResult;
      let rest: number;
      if (result.errors.length === 0) {
        rest = final ? text.length : result.meta.cursor;
        this.#emit(result.data, text, rest, final, out);
      } else {
        const resume = this.#emitStepwise(text, final, out);
        if (resume.from >= 0 && resume.reparse) {
          text = text.slice(resume.from);
          continue;
        }
        rest = resume.from < 0 ? text.length : resume.from;
      }
      if (final || rest >= text.length) return;
      const carry = text.slice(rest);
      if (carry.length <= MAX_ROW_CHARS) {
        this.#carry = carry;
        return;
      }
      // A row that does not end within MAX_ROW_CHARS: reject its first line, resume after it.
      const { raw, next } = firstLine(carry, 0);
      this.#malformed('row-too-long', raw, out);
      if (next < 0) {
        // The line goes on in the next chunks; it is counted once its end is found.
        this.#skipToLineEnd = true;
        return;
      }
      this.#line += 1;
      text = carry.slice(next);
    }
  }

  /** The fast path: a chunk without quote errors, rows as papaparse returned them. */
  #emit(rows: string[][], text: string, end: number, final: boolean, out: SourceItem[]): void {
    // Each row ends with a line break except, at the end of the file, the last one; any other
    // break is inside a quoted cell, and only then are rows' lines counted one by one.
    const terminators = final ? rows.length - 1 : rows.length;
    const simple = breaksBetween(text, 0, end) === terminators;
    let line = this.#line;
    for (let i = 0; i < rows.length; i += 1) {
      const cells = rows[i] as string[];
      const rowLine = line;
      if (simple) line += 1;
      else {
        line += 1;
        for (let c = 0; c < cells.length; c += 1) line += countLineBreaks(cells[c] as string);
      }
      this.#row(cells, rowLine, out);
    }
    this.#line = line;
  }

  /**
   * The slow path for a chunk with quote errors: parsed again row by row, so each row's text is
   * known. Returns where parsing must resume (`reparse`) after a broken row's first line, or
   * where the complete rows end.
   */
  #emitStepwise(text: string, final: boolean, out: SourceItem[]): { from: number; reparse: boolean } {
    const rows: { cells: string[]; end: number; error: string | undefined }[] = [];
    const stepper = new Papa.Parser({
      ...this.#config,
      step: (result) => {
        // The bare Parser hands its step the rows parsed since the last step: exactly one.
        const cells = (result.data as unknown as string[][])[0] ?? [];
        const unclosed = result.errors.some((error) => error.code === 'MissingQuotes');
        rows.push({ cells, end: result.meta.cursor, error: unclosed ? 'MissingQuotes' : result.errors[0]?.code });
      },
    });
    stepper.parse(text, 0, !final);
    let start = 0;
    for (const row of rows) {
      if (row.error !== undefined) {
        // A stray quote pairs with the next quote papaparse finds, often rows later: the row
        // as parsed would swallow good rows. Only its first line is dropped; parsing resumes
        // on the next line. (Only the last row of the file can be unterminated.)
        const { raw, next } = firstLine(text, start);
        this.#malformed(row.error === 'MissingQuotes' ? 'unclosed-quote' : 'malformed-quotes', raw, out);
        this.#line += 1;
        return { from: next, reparse: next >= 0 };
      }
      const rowLine = this.#line;
      this.#line += breaksBetween(text, start, row.end) + (final && row.end >= text.length ? 1 : 0);
      this.#row(row.cells, rowLine, out);
      start = row.end;
    }
    return { from: start, reparse: false };
  }

  #row(cells: string[], line: number, out: SourceItem[]): void {
    if (cells.length === 1 && cells[0] === '') return;
    if (this.#headerPending) {
      this.#headerPending = false;
      return;
    }
    this.#rowNumber += 1;
    out.push({ kind: 'cells', rowNumber: this.#rowNumber, line, cells });
  }

  /** A malformed row starting on the current line. */
  #malformed(reason: keyof typeof MESSAGES, raw: string, out: SourceItem[]): void {
    if (this.#headerPending) {
      // A broken header line is not a data row; inspection reports it before any job starts.
      this.#headerPending = false;
      return;
    }
    this.#rowNumber += 1;
    out.push({ kind: 'malformed', rowNumber: this.#rowNumber, line: this.#line, raw, reason, message: MESSAGES[reason] });
  }
}

/**
 * Every row of a CSV/TSV file, a batch per chunk read.
 * With a range, reading starts at `range.start` (a line start) and stops at the first stop at
 * which the parser is at a row boundary: the rows that start inside a quoted cell spanning a
 * stop are read through to their end, so each row is read by exactly one range (the one its
 * first line starts in, as a sequential read would parse it).
 */
export async function* readDelimitedBatches(path: string, options: DelimitedReadOptions): AsyncGenerator<RowBatch> {
  const counter = { bytesRead: 0 };
  const range = options.range;
  const chunker = new DelimitedChunker(options.delimiter, options.hasHeader, options.quote ?? '"');
  for await (const piece of readTextPieces(path, options.encoding, options.label, counter, range)) {
    const items: SourceItem[] = [];
    chunker.push(piece.text, items);
    if (items.length > 0) yield { items, bytesRead: counter.bytesRead };
    if (range && piece.stop >= 0 && chunker.atRowBoundary) {
      range.onEnd({ stoppedAt: piece.stop, lines: chunker.linesConsumed });
      return;
    }
  }
  const items: SourceItem[] = [];
  chunker.end(items);
  if (items.length > 0) yield { items, bytesRead: counter.bytesRead };
  range?.onEnd({ stoppedAt: null, lines: chunker.linesConsumed });
}
