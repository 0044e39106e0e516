import type { BatchSummary } from '../../../src-shared/ipc/requests/batches';
import type { XdmIssueShape } from '../../../src-shared/ipc/requests/mapping';
import type { XdmIssueKind } from '../../../src-shared/xdm/issue-kinds';
import type { FailedRecordErrorShape } from '../../../src-shared/ipc/requests/batches';

/**
 * The words a steward reads about a batch: its status, AEP's error codes, where it was seen.
 * Why a module of pure functions: these are product decisions (aep-notes §3.2, §9.2), tested once
 * in Node instead of spelled inside components.
 */

export type StatusVariant = 'positive' | 'negative' | 'notice' | 'info' | 'neutral';

export interface StatusView {
  label: string;
  variant: StatusVariant;
  /** What the status means for the records, in a sentence. */
  meaning: string;
}

/** Catalog's statuses (lower case; `active` and `failure` arrive already normalised by main). */
const statuses: Record<string, StatusView> = {
  success: { label: 'Success', variant: 'positive', meaning: 'Ingested: its records are in the dataset.' },
  failed: { label: 'Failed', variant: 'negative', meaning: 'Nothing from this batch was ingested; fix the records below and send them again.' },
  loading: { label: 'Uploading', variant: 'notice', meaning: 'Created, and its files are being uploaded (or the upload stopped before it was completed).' },
  loaded: { label: 'Loaded', variant: 'info', meaning: 'Its files are uploaded; AEP will process it.' },
  queued: { label: 'Queued', variant: 'info', meaning: 'Waiting for AEP to process it.' },
  processing: { label: 'Processing', variant: 'info', meaning: 'AEP is validating and writing its records.' },
  staging: { label: 'Processing', variant: 'info', meaning: 'AEP is validating and writing its records.' },
  staged: { label: 'Processing', variant: 'info', meaning: 'AEP has staged its records and is finishing.' },
  retrying: { label: 'Retrying', variant: 'notice', meaning: 'AEP met a passing error and is trying again; nothing to do.' },
  stalled: { label: 'Stalled', variant: 'notice', meaning: 'AEP has stopped retrying it; if it stays so, send the records again.' },
  aborted: { label: 'Aborted', variant: 'neutral', meaning: 'Cancelled before it was processed; nothing was ingested.' },
  abandoned: { label: 'Abandoned', variant: 'neutral', meaning: 'Never completed in time; nothing was ingested.' },
  inactive: { label: 'Reverted', variant: 'neutral', meaning: 'It was ingested, then reverted: its records are no longer in the dataset.' },
  deleted: { label: 'Deleted', variant: 'neutral', meaning: 'Its data has been removed.' },
  unknown: { label: 'Unknown', variant: 'neutral', meaning: 'This machine sent it, but Catalog did not say what became of it.' },
};

export function statusView(status: string): StatusView {
  return statuses[status.toLowerCase()] ?? { label: status, variant: 'neutral', meaning: `Catalog reports “${status}”.` };
}

/** Whether AEP may still change the batch (worth refreshing). */
export function isWorking(status: string): boolean {
  return ['loading', 'loaded', 'queued', 'processing', 'staging', 'staged', 'retrying'].includes(status.toLowerCase());
}

/**
 * AEP's batch error codes in plain words (aep-notes §9.2). Why the code stays on screen beside
 * the sentence: it is what Adobe's documents and support know it by.
 */
const errorSentences: Record<string, string> = {
  'INGEST-1212-400': 'Some records did not match the dataset’s schema. Each one is listed in the failed records, with the field and the reason.',
  'INGEST-1211-400':
    'Some records did not match the dataset’s schema, but the batch was sent without error diagnostics, so AEP does not say which. Send it again with error diagnostics on.',
  'INGEST-1555-400': 'A field the schema requires is missing or empty (null) in some records.',
  'INGEST-1401-400': 'A file or a row could not be read: it is not valid JSON or Parquet (a cut line, a missing quote or brace).',
  '1401': 'A row could not be read: it is not valid JSON (a cut line, a missing quote or brace).',
  TypeCompatibilityException: 'A value has a type that cannot become the field’s type (for example true in a text field). AEP fails the whole batch for this.',
  '106': 'A file in the batch is empty.',
  '118': 'A CSV file in the batch has an empty header row.',
};

export interface BatchErrorView {
  /** AEP's code as given ('' when it gave none). */
  code: string;
  /** Our sentence for the code, when we know it. */
  sentence: string | undefined;
  /** AEP's own description. */
  description: string | undefined;
  recordCount: number | undefined;
}

export function batchErrorView(error: BatchSummary['errors'][number]): BatchErrorView {
  const code = error.code ?? '';
  // TypeCompatibilityException can arrive inside a longer code or description.
  const key =
    errorSentences[code] !== undefined ? code : /TypeCompatibilityException/.test(`${code} ${error.description ?? ''}`) ? 'TypeCompatibilityException' : code;
  return { code, sentence: errorSentences[key], description: error.description, recordCount: error.recordCount };
}

const sources: Record<BatchSummary['source'], string> = {
  catalog: 'Catalog',
  journal: 'This machine',
  both: 'Catalog, sent from here',
};

/** Where a batch was seen: Catalog, this machine's upload journal, or both. */
export function sourceLabel(source: BatchSummary['source']): string {
  return sources[source];
}

/** The last part of a path (main's paths use `/` or `\`): the name a steward recognises. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts.at(-1) ?? path;
}

/** An epoch-ms time as people read it, in the window's time zone: `May 1, 2024, 9:00:05 AM`. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  return new Date(ms).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** How long a batch took, from creation to completion: `42 s`, `3 min 5 s`. */
export function formatDuration(fromMs: number | undefined, toMs: number | undefined): string | null {
  if (fromMs === undefined || toMs === undefined || toMs < fromMs) return null;
  const seconds = Math.round((toMs - fromMs) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Catalog's metric names as labels, in the order a steward reads them; others follow by name. */
const metricLabels: Array<[string, string]> = [
  ['inputRecordCount', 'Records received'],
  ['outputRecordCount', 'Records written'],
  ['failedRecordCount', 'Records failed'],
  ['inputFileCount', 'Files received'],
  ['inputByteSize', 'Bytes received'],
  ['outputByteSize', 'Bytes written'],
  ['outputFileCount', 'Files written'],
  ['partitionCount', 'Partitions'],
];

/** Metrics as label/value pairs: known ones first in a fixed order, then the rest as Catalog names them. */
export function metricRows(metrics: Record<string, number>): Array<{ key: string; label: string; value: number }> {
  const known = metricLabels.filter(([key]) => metrics[key] !== undefined).map(([key, label]) => ({ key, label, value: metrics[key] as number }));
  const others = Object.keys(metrics)
    .filter((key) => !metricLabels.some(([k]) => k === key))
    .sort()
    .map((key) => ({ key, label: key, value: metrics[key] as number }));
  return [...known, ...others];
}

/** JSON-Schema keywords of failed records in words, and the issue kind the record tree colours them by. */
const keywords: Record<string, { words: string; kind: XdmIssueKind }> = {
  format: { words: 'Wrong format', kind: 'format-mismatch' },
  type: { words: 'Wrong type', kind: 'type-mismatch' },
  required: { words: 'Required field missing', kind: 'required-missing' },
  additionalProperties: { words: 'Field not in the schema', kind: 'unknown-field' },
  enum: { words: 'Not an allowed value', kind: 'enum-mismatch' },
  pattern: { words: 'Does not match the pattern', kind: 'pattern-mismatch' },
  minLength: { words: 'Too short', kind: 'length-out-of-range' },
  maxLength: { words: 'Too long', kind: 'length-out-of-range' },
  minimum: { words: 'Below the minimum', kind: 'out-of-range' },
  maximum: { words: 'Above the maximum', kind: 'out-of-range' },
  propertyNames: { words: 'Bad map key', kind: 'constraint-violated' },
  '1401': { words: 'Unreadable row', kind: 'malformed-row' },
};

/** A failed record's error keyword in words ('Invalid' when it is one we do not know). */
export function violationWords(keyword: string | undefined): string {
  return (keyword !== undefined ? keywords[keyword]?.words : undefined) ?? 'Invalid';
}

/** The record tree's issue for one failed-record error, so it sits at its field. */
export function issueOf(error: FailedRecordErrorShape): XdmIssueShape {
  const kind = (error.keyword !== undefined ? keywords[error.keyword]?.kind : undefined) ?? 'constraint-violated';
  return { kind, path: error.path, message: error.message, severity: 'error' };
}

/** A time for a table cell: `Nov 29, 9:40:48 AM`, with the year only when it is not this year's. */
export function formatShortTime(ms: number | undefined, now: number = Date.now()): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const date = new Date(ms);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** When a batch completed, under its creation time: `completed 9:40:46 AM (1 s)`, the date only when it differs. */
export function completedNote(created: number | undefined, completed: number | undefined, now: number = Date.now()): string {
  if (completed === undefined) return 'not completed';
  const sameDay = created !== undefined && new Date(created).toDateString() === new Date(completed).toDateString();
  const at = sameDay
    ? new Date(completed).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' })
    : formatShortTime(completed, now);
  const took = formatDuration(created, completed);
  return `completed ${at}${took !== null ? ` (${took})` : ''}`;
}
