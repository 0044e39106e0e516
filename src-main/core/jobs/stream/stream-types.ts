import type { StreamingViolation } from '../../platform/streaming';

/**
 * Inputs and per-record results of streaming a small record set.
 * Why per record: streaming exists here for the steward who wants to see, record by record,
 * which ones AEP took and why it refused the others, before committing a whole file to a batch.
 */
export type StreamValidation = 'sync' | 'async';

export interface StreamRecordResult {
  /** 1-based position of the record in the input. */
  index: number;
  /**
   * `accepted`: validated and taken (sync). `received`: taken without validation (async; an
   * invalid record later lands in the dataset's error batch). `rejected`: refused, see message.
   */
  status: 'accepted' | 'received' | 'rejected';
  xactionId?: string;
  statusCode?: number;
  message?: string;
  violations?: StreamingViolation[];
  /**
   * The XDM record as it was sent, on a rejected result only.
   * Why: the steward fixes and resends refused records; their numbers alone would send them back
   * to the file, and accepted ones need no second look.
   */
  record?: Record<string, unknown>;
}

export interface StreamReport {
  datasetId: string;
  schemaId: string;
  validation: StreamValidation;
  total: number;
  accepted: number;
  received: number;
  rejected: number;
  /** HTTP requests made (sync: one per record; async: one per group). */
  requests: number;
  results: StreamRecordResult[];
}

/** Counts so far, and the results that came in since the previous report. */
export interface StreamProgress {
  /** Records whose request has been answered (a record refused before sending, too large, counts as not sent). */
  sent: number;
  total: number;
  accepted: number;
  received: number;
  rejected: number;
  /** The per-record results new since the previous report, in the order they came. */
  results: StreamRecordResult[];
}
