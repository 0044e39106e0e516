/**
 * Cells of a CSV written for people, made safe to open in a spreadsheet.
 * Why: stewards open rejects.csv in Excel or LibreOffice to fix rows, and a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return is taken there for a formula
 * (`=HYPERLINK(...)`, `+cmd|...`): CSV injection, as OWASP calls it. Its advice is followed: such a
 * cell gets a leading `'`, which the spreadsheet shows as text. The fullwidth forms of the four
 * signs are treated alike, since some spreadsheets read them as the ASCII ones.
 */

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** The cell as written, and whether a `'` was put in front of it. */
export function neutraliseCell(text: string): { text: string; escaped: boolean } {
  return FORMULA_START.test(text) ? { text: `'${text}`, escaped: true } : { text, escaped: false };
}

/**
 * The original of a cell written by {@link neutraliseCell}, given whether it was escaped (the
 * `_escaped` column says so): a `'` that the source itself had is kept.
 */
export function originalCell(text: string, escaped: boolean): string {
  return escaped && text.startsWith("'") ? text.slice(1) : text;
}

/** The 1-based columns an `_escaped` cell lists (a JSON array as written, or already parsed). */
function escapedColumns(cell: unknown): number[] {
  let list: unknown = cell;
  if (typeof cell === 'string') {
    try {
      list = cell === '' ? [] : JSON.parse(cell);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.filter((n): n is number => typeof n === 'number') : [];
}

/**
 * Rows of rejects.csv as the steward wrote them: each escaped cell without its `'`, and no
 * `_escaped` column.
 * Why: the `'` and the column that records it are for spreadsheets; in the app's own table they
 * only make the steward's values look wrong.
 */
export function originalRejects<T>(columns: readonly string[], rows: readonly (readonly T[])[]): { columns: string[]; rows: T[][] } {
  const at = columns.indexOf('_escaped');
  if (at < 0) return { columns: [...columns], rows: rows.map((r) => [...r]) };
  const withoutEscaped = <C>(cells: readonly C[]): C[] => cells.filter((_, i) => i !== at);
  return {
    columns: withoutEscaped(columns),
    rows: rows.map((row) => {
      const escaped = new Set(escapedColumns(row[at]));
      return withoutEscaped(row.map((cell, i) => (escaped.has(i + 1) && typeof cell === 'string' ? (originalCell(cell, true) as T) : cell)));
    }),
  };
}
