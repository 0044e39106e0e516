/**
 * The words a finished prepare run says about rows Profile will not use, for the CLI and the
 * Prepare screen alike.
 * Why shared: both read the same summary.json counts, and a steward who runs the command and one
 * who uses the screen must be told the same thing in the same words.
 */
export interface IdentityCounts {
  rowsWritten: number;
  /** Absent in summaries written before these counts existed. */
  rowsWithoutIdentity?: number | undefined;
  emptyIdentity?: 'flag' | 'reject' | undefined;
  rowsEmpty?: number | undefined;
}

/** `1 row was` / `3 rows were`, `1 row has` / `3 rows have`. */
function rows(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? `row ${singular}` : `rows ${plural}`}`;
}

/** One sentence per problem, empty when there is none. */
export function summaryWarnings(s: IdentityCounts): string[] {
  const warnings: string[] = [];
  const noIdentity = s.rowsWithoutIdentity ?? 0;
  if (noIdentity > 0) {
    warnings.push(
      s.emptyIdentity === 'reject'
        ? `${rows(noIdentity, 'had', 'had')} no identity (every identity column empty) and ${noIdentity === 1 ? 'was' : 'were'} rejected.`
        : `${rows(noIdentity, 'has', 'have')} no identity (every identity column empty): written, but Profile will skip ${noIdentity === 1 ? 'it' : 'them'}.`,
    );
  }
  const empty = s.rowsEmpty ?? 0;
  if (empty > 0) {
    warnings.push(
      empty === s.rowsWritten
        ? `The mapping matched nothing: every record written is empty ({}). Check the mapping's column names.`
        : `${rows(empty, 'was', 'were')} written as empty records ({}): the mapping matched nothing in ${empty === 1 ? 'it' : 'them'}.`,
    );
  }
  return warnings;
}
