/**
 * How much of a file inspection may read, and how many rows it looks at.
 * Why: inspection must cost the same for a 5 KB and a 5 GB file, so every read is capped here
 * and nowhere else; tests and the README refer to these names.
 */

/** Bytes read from the start of a text file for inspection. */
export const HEAD_BYTES = 1024 * 1024;

/** Upper bound when the first line alone does not fit in HEAD_BYTES (very wide JSON Lines records). */
export const MAX_HEAD_BYTES = 8 * 1024 * 1024;

/** Rows whose cells feed type inference, empty ratios and the ragged-row count. */
export const SAMPLE_ROWS = 1000;

/** Largest `maxRows` a caller may ask for. */
export const MAX_PREVIEW_ROWS = 10_000;

/**
 * A quoted field still open when a truncated head ends is taken for the cut (the rest of the
 * row lies beyond the head) when it holds fewer characters than this; a longer one is a real
 * unclosed quote that swallowed the rest of the head.
 */
export const OPEN_QUOTE_CUT_LIMIT = 64 * 1024;

/**
 * Longest CSV row the reader holds while looking for its end. A longer one is almost always an
 * unclosed quote swallowing the rows after it; it is rejected (its first line) and reading
 * resumes on the next line, so memory stays bounded whatever the file holds.
 */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;

/** Deepest nesting accepted in a JSON record (and a schema or mapping): see json-depth.ts. */
export { MAX_JSON_DEPTH } from '../../../src-shared/domain/json-depth';

/** Source text kept for a malformed row in rejects.csv. */
export const MAX_RAW_CHARS = 64 * 1024;
