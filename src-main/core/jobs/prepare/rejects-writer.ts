import Papa from 'papaparse';
import type { RowList } from '../../../../src-shared/ipc/requests/prepare';
import type { XdmIssue } from '../../../../src-shared/xdm/issue-kinds';
import { neutraliseCell } from './spreadsheet-cells';
import { StreamSink } from './stream-sink';

/** The file each listing is written to, beside the parts. */
export const ROW_LIST_FILES: Readonly<Record<RowList, string>> = { rejects: 'rejects.csv', warnings: 'warnings.csv' };

/** The columns before the source's own: the third names what is listed (why rejected, or the warnings). */
function leadColumns(list: RowList): readonly string[] {
  return ['_row', '_line', list === 'rejects' ? '_reasons' : '_warnings', '_escaped'];
}

/** How many columns come before the source's own. */
const LEAD_COUNT = leadColumns('rejects').length;

/** The issues a listing words: a reject's errors, or a written row's warnings. */
const LISTED_SEVERITY: Readonly<Record<RowList, XdmIssue['severity']>> = { rejects: 'error', warnings: 'warning' };

/**
 * `rejects.csv`: each rejected row with its row number, line, every reason, which cells were
 * escaped, then its cells.
 * Why the original cells: the user fixes the source, not our output; the row number and line
 * find it, and the reasons say what to fix. Why escaped: the file is opened in spreadsheets, so
 * a cell that would run as a formula gets a leading `'` (spreadsheet-cells.ts); `_escaped` lists
 * the 1-based columns of this file where that was done (a JSON array, empty when none), so a
 * tool gets every original back by dropping that one `'` (originalCell).
 * `warnings.csv` is the same file for the rows written with warnings (an empty identity flagged,
 * no primary identity): each warning as `field: kind: message` under `_warnings`, then the row's
 * cells, so one reader pages through both (rejects-page.ts).
 */
function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export class RejectsWriter {
  readonly #sink: StreamSink;
  #headerWritten = false;
  readonly #columns: readonly string[];
  readonly #list: RowList;

  /** `append`: add rows to a file that already has its header (and rows). */
  constructor(file: string, columns: readonly string[], append = false, list: RowList = 'rejects') {
    this.#sink = new StreamSink(file, 1 << 16, append);
    this.#columns = columns;
    this.#headerWritten = append;
    this.#list = list;
  }

  async #line(values: readonly string[]): Promise<void> {
    await this.#sink.write(`${Papa.unparse([values as string[]], { newline: '\n' })}\n`);
  }

  async #header(): Promise<void> {
    if (this.#headerWritten) return;
    this.#headerWritten = true;
    await this.#line([...leadColumns(this.#list), ...this.#columns].map((name) => neutraliseCell(name).text));
  }

  async write(rowNumber: number, line: number | null, issues: readonly XdmIssue[], values: readonly unknown[]): Promise<void> {
    await this.#header();
    const reasons = issues
      .filter((i) => i.severity === LISTED_SEVERITY[this.#list])
      .map((i) => `${i.path || '(record)'}: ${i.kind}: ${i.message}`)
      .join(' | ');
    await this.#row(rowNumber, line, reasons, values);
  }

  /** A row whose reasons are worded: its reasons and cells are escaped here. */
  async #row(rowNumber: number, line: number | null, reasons: string, values: readonly unknown[]): Promise<void> {
    const texts = [reasons, ...values.map(cellText)];
    const escaped: number[] = [];
    texts.forEach((text, i) => {
      const cell = neutraliseCell(text);
      texts[i] = cell.text;
      // `_reasons` is column 3 of the file; the source's cells start at column 5.
      if (cell.escaped) escaped.push(i === 0 ? 3 : i + LEAD_COUNT);
    });
    await this.#line([
      String(rowNumber),
      line === null ? '' : String(line),
      texts[0] as string,
      escaped.length > 0 ? JSON.stringify(escaped) : '',
      ...texts.slice(1),
    ]);
  }

  /** A row read back from a thread's rejects file: already escaped, `escaped` as that file had it. */
  async writeEscaped(rowNumber: number, line: number | null, reasons: string, escaped: string, cells: readonly string[]): Promise<void> {
    await this.#header();
    await this.#line([String(rowNumber), line === null ? '' : String(line), reasons, escaped, ...cells]);
  }

  async close(): Promise<void> {
    await this.#header();
    await this.#sink.close();
  }

  /** Closes the file without writing more (a write failed). */
  abandon(): Promise<void> {
    return this.#sink.abandon();
  }
}
