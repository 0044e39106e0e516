import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastPathStats } from './fast-path-types';
import type { PartFormat, PreparePart, PrepareStatus, PrepareSummary } from './prepare-types';

/** What a finished job (one pass, or the merge of a split one) knows about its outputs. */
export interface PrepareOutcome {
  status: PrepareStatus;
  reason: string | undefined;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  rowsWithWarnings: number;
  parts: PreparePart[];
  format: PartFormat;
  rejectsFile: string;
  issuesByField: PrepareSummary['issuesByField'];
  issuesByKind: PrepareSummary['issuesByKind'];
  fastPath: FastPathStats;
  startedAt: number;
}

/**
 * Checks rowsRead = rowsWritten + rowsRejected, writes summary.json and returns the summary.
 * Why the check here: whichever way the job ran, a summary whose counts do not add up is a
 * failed job, said in its reason, never a completed one.
 */
export async function writeSummary(outDir: string, outcome: PrepareOutcome): Promise<PrepareSummary> {
  const finished = Date.now();
  const { rowsRead, rowsWritten, rowsRejected } = outcome;
  const invariantHolds = rowsRead === rowsWritten + rowsRejected;
  const summary: PrepareSummary = {
    status: invariantHolds ? outcome.status : 'failed',
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    rowsRead,
    rowsWritten,
    rowsRejected,
    invariantHolds,
    parts: outcome.parts,
    format: outcome.format,
    rejectsFile: outcome.rejectsFile,
    issuesByField: outcome.issuesByField,
    issuesByKind: outcome.issuesByKind,
    rowsWithWarnings: outcome.rowsWithWarnings,
    fastPath: outcome.fastPath,
    startedAt: new Date(outcome.startedAt).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - outcome.startedAt,
  };
  if (!invariantHolds) summary.reason = `row count invariant broken: read ${rowsRead}, written ${rowsWritten}, rejected ${rowsRejected}`;
  await writeFile(path.join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
