import type { TextEncoding } from '../../../../src-shared/domain/inspection';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { EmptyIdentityChoice, XdmIssueKind } from '../../../../src-shared/xdm/issue-kinds';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import type { RowSource } from '../../sources/index';
import type { FastPathStats } from './fast-path-types';

/**
 * Inputs, progress and results of the prepare job.
 * Why plain data: the options cross a worker-thread boundary (structured clone), so they hold
 * the resolved schema and mapping, never functions or class instances.
 */
/** `json`: JSON Lines (one record per line); `parquet`: Parquet with nested groups. */
export type PartFormat = 'json' | 'parquet';

export interface PrepareOptions {
  inputPath: string;
  /** What inspection found (or the user corrected); inspected again when absent. */
  source?: RowSource;
  schema: XdmSchemaNode;
  descriptors?: IdentityDescriptor[];
  mapping: MappingFile;
  outDir: string;
  format?: PartFormat;
  /** Target size of one part in bytes (default 256 MiB; AEP accepts up to 512 MB per small-file PUT). */
  targetPartBytes?: number;
  /** The text encoding the user chose instead of the one found from the file's head. */
  encoding?: TextEncoding;
  /** A row whose identities are all empty: written with a warning and counted (`flag`, the default), or rejected. */
  emptyIdentity?: EmptyIdentityChoice;
  /** Rows kept in the rejects file, and in the warnings file, before stopping to list them (counts stay exact). Default: unlimited. */
  maxRejectsListed?: number;
}

export interface PrepareProgress {
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  /** Source bytes consumed (estimated from the parsed text for CSV) and the file size. */
  bytesRead: number;
  totalBytes: number;
}

export type PrepareStatus = 'completed' | 'cancelled' | 'failed';

export interface PreparePart {
  file: string;
  rows: number;
  bytes: number;
}

export interface PrepareSummary {
  status: PrepareStatus;
  /** Set when status is not completed: why the outputs are partial. */
  reason?: string;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  /** rowsRead = rowsWritten + rowsRejected, checked at the end. */
  invariantHolds: boolean;
  parts: PreparePart[];
  format: PartFormat;
  rejectsFile: string;
  /** The rows written with warnings, listed like the rejects; absent in summaries from before it was added. */
  warningsFile?: string;
  /** Issues counted by field path, then kind (errors and warnings). */
  issuesByField: Record<string, Partial<Record<XdmIssueKind, number>>>;
  /** Issues counted by kind over the whole file. */
  issuesByKind: Partial<Record<XdmIssueKind, number>>;
  /** Rows accepted with warnings only (identity hints). */
  rowsWithWarnings: number;
  /**
   * Rows of a schema that takes identities with none of them filled in: Profile skips such a
   * record. Written with a warning (counted in rowsWithWarnings too) or rejected, per `emptyIdentity`.
   */
  rowsWithoutIdentity: number;
  /** What was done with them. */
  emptyIdentity: EmptyIdentityChoice;
  /** Records written with no field at all (`{}`): the mapping matched nothing in their rows. */
  rowsEmpty: number;
  /**
   * Which path the rows took, and why rows were declined by the fast one: a slow run explains
   * itself. Written by every prepare run; absent in summaries from before it was added.
   */
  fastPath?: FastPathStats;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}
