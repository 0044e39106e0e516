import type { FileInspection } from '../../../src-shared/domain/inspection';

/**
 * Line handling shared by the text formats.
 * Why: sniffing and parsing see one line break ('\n') whatever the file used, so row line numbers
 * are counted one way everywhere; what the file used is still reported, and a head that ends in
 * the middle of a row must lose that partial row.
 */

export type LineEnding = NonNullable<FileInspection['lineEnding']>;

/**
 * The line break the file uses, from record breaks only when `quoteAware` (CSV): an Excel export
 * ends rows with CRLF and may hold bare LFs inside quoted cells, which is not "mixed". Null when
 * the text has no line break at all.
 */
export function detectLineEnding(text: string, quoteAware: boolean): LineEnding | null {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x22 && quoteAware) inQuotes = !inQuotes;
    else if (code === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) {
        i += 1;
        if (!inQuotes) crlf += 1;
      } else if (!inQuotes) cr += 1;
    } else if (code === 0x0a && !inQuotes) lf += 1;
  }
  const kinds = (lf > 0 ? 1 : 0) + (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  if (kinds === 0) return null;
  if (kinds > 1) return 'mixed';
  return lf > 0 ? 'lf' : crlf > 0 ? 'crlf' : 'cr';
}

/** CRLF and lone CR become LF. */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Drops what follows the last line break (a row cut by the end of the head). A CR at the very
 * end may be half of a CRLF, so the text is cut before it too. Returns '' without a line break.
 */
export function dropPartialLastLine(text: string): string {
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return lastBreak < 0 ? '' : text.slice(0, lastBreak + 1);
}

/** Number of '\n' in a string (line breaks are normalised before counting). */
export function countLineBreaks(text: string): number {
  let count = 0;
  let index = text.indexOf('\n');
  while (index >= 0) {
    count += 1;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}
