import Papa from 'papaparse';
import type { XdmIssue } from '../../../../src-shared/xdm/issue-kinds';
import { StreamSink } from './stream-sink';

/**
 * `rejects.csv`: each rejected row with its row number, line, every reason, then its cells.
 * Why the original cells: the user fixes the source, not our output; the row number and line
 * find it, and the reasons say what to fix.
 */
export class RejectsWriter {
  readonly #sink: StreamSink;
  #headerWritten = false;
  readonly #columns: readonly string[];

  /** `append`: add rows to a rejects file that already has its header (and rows). */
  constructor(file: string, columns: readonly string[], append = false) {
    this.#sink = new StreamSink(file, 1 << 16, append);
    this.#columns = columns;
    this.#headerWritten = append;
  }

  async #line(values: unknown[]): Promise<void> {
    const text = `${Papa.unparse([values.map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)))], { newline: '\n' })}\n`;
    await this.#sink.write(text);
  }

  async #header(): Promise<void> {
    if (this.#headerWritten) return;
    this.#headerWritten = true;
    await this.#line(['_row', '_line', '_reasons', ...this.#columns]);
  }

  async write(rowNumber: number, line: number | null, issues: readonly XdmIssue[], values: readonly unknown[]): Promise<void> {
    await this.#header();
    const reasons = issues
      .filter((i) => i.severity === 'error')
      .map((i) => `${i.path || '(record)'}: ${i.kind}: ${i.message}`)
      .join(' | ');
    await this.writeRaw(rowNumber, line, reasons, values);
  }

  /** A row whose reasons are already worded (a thread's rejects merged into the job's). */
  async writeRaw(rowNumber: number, line: number | null, reasons: string, values: readonly unknown[]): Promise<void> {
    await this.#header();
    await this.#line([rowNumber, line ?? '', reasons, ...values]);
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
