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
