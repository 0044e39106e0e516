import { Readable } from 'node:stream';
import Papa from 'papaparse';
import type { TextEncoding } from '../../../src-shared/domain/inspection';
import { quoteError } from './inspect-delimited';
import type { CellsRow } from './row-types';
import { countLineBreaks } from './text-lines';
import { readTextChunks } from './text-stream';

/**
 * Streaming CSV/TSV rows with papaparse.
 * Why: papaparse's streaming parser keeps quote state across chunks; it runs in step mode and is
 * paused whenever the consumer falls behind, so memory holds one chunk and a bounded queue of
 * rows however large the file. Line numbers are counted from the rows themselves (one line break
 * per row plus those inside quoted cells), since line breaks are normalised before parsing.
 */

/** Rows parsed ahead of the consumer before the parser is paused. */
const QUEUE_HIGH_WATER = 1000;

export interface DelimitedReadOptions {
  readonly label: string;
  readonly encoding: TextEncoding;
  readonly delimiter: string;
  readonly hasHeader: boolean;
}

export async function* readDelimitedRows(path: string, options: DelimitedReadOptions): AsyncGenerator<CellsRow> {
  const queue: { cells: string[]; line: number }[] = [];
  let finished = false;
  let failure: unknown = null;
  let pausedParser: Papa.Parser | null = null;
  let activeParser: Papa.Parser | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  let line = 1;
  const input = Readable.from(readTextChunks(path, options.encoding, options.label), { objectMode: true });
  Papa.parse<string[]>(input as unknown as File, {
    delimiter: options.delimiter,
    newline: '\n',
    quoteChar: '"',
    step(results, parser) {
      activeParser = parser;
      const cells = results.data;
      const rowLine = line;
      line += 1 + cells.reduce((sum, cell) => sum + countLineBreaks(cell), 0);
      const quoteProblem = results.errors.find((error) => error.type === 'Quotes');
      if (quoteProblem !== undefined) {
        failure = quoteError(options.label, quoteProblem.code, rowLine);
        parser.abort();
        notify();
        return;
      }
      if (cells.length === 1 && cells[0] === '') return;
      queue.push({ cells, line: rowLine });
      if (queue.length >= QUEUE_HIGH_WATER) {
        parser.pause();
        pausedParser = parser;
      }
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
    error(error: Error) {
      failure = error;
      notify();
    },
  });

  let rowNumber = 0;
  let headerPending = options.hasHeader;
  try {
    for (;;) {
      if (queue.length > 0) {
        const batch = queue.splice(0, queue.length);
        for (const row of batch) {
          if (headerPending) {
            headerPending = false;
            continue;
          }
          rowNumber += 1;
          yield { kind: 'cells', rowNumber, line: row.line, cells: row.cells };
        }
        continue;
      }
      if (failure !== null) throw failure;
      if (finished) return;
      if (pausedParser !== null) {
        const parser: Papa.Parser = pausedParser;
        pausedParser = null;
        parser.resume();
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    if (!finished && failure === null) (activeParser as Papa.Parser | null)?.abort();
    input.destroy();
  }
}
