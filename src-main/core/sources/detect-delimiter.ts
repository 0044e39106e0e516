import Papa from 'papaparse';

/**
 * Delimiter detection by consistency.
 * Why: European exports use ';' (with ',' as the decimal mark), databases '|' or tab; the right
 * delimiter is the one that splits the sample lines into the same number of fields, line after
 * line, and more than one field. Quotes are honoured, since papaparse splits the candidates.
 */

export const delimiterCandidates = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof delimiterCandidates)[number];

/** Records examined per candidate. */
const SAMPLE_RECORDS = 50;

interface Score {
  readonly delimiter: Delimiter;
  /** Share of records with the most common field count. */
  readonly consistency: number;
  readonly fields: number;
}

/**
 * The delimiter of `text` (line breaks already normalised to '\n'). `hint` comes from the file
 * extension and wins ties; it is also the answer for a single-column file.
 */
export function detectDelimiter(text: string, hint: Delimiter = ','): Delimiter {
  const ordered = [hint, ...delimiterCandidates.filter((candidate) => candidate !== hint)];
  let best: Score | null = null;
  for (const delimiter of ordered) {
    const score = scoreDelimiter(text, delimiter);
    if (score.fields < 2) continue;
    if (
      best === null ||
      score.consistency > best.consistency + 1e-9 ||
      (Math.abs(score.consistency - best.consistency) <= 1e-9 && score.fields > best.fields)
    ) {
      best = score;
    }
  }
  return best?.delimiter ?? hint;
}

function scoreDelimiter(text: string, delimiter: Delimiter): Score {
  const parsed = Papa.parse<string[]>(text, { delimiter, newline: '\n', quoteChar: '"', preview: SAMPLE_RECORDS * 2 });
  const counts = parsed.data
    .filter((row) => !(row.length === 1 && row[0] === ''))
    .slice(0, SAMPLE_RECORDS)
    .map((row) => row.length);
  if (counts.length === 0) return { delimiter, consistency: 0, fields: 0 };
  const frequency = new Map<number, number>();
  for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
  let fields = 0;
  let occurrences = 0;
  for (const [count, times] of frequency) {
    if (times > occurrences || (times === occurrences && count > fields)) {
      fields = count;
      occurrences = times;
    }
  }
  return { delimiter, consistency: occurrences / counts.length, fields };
}
