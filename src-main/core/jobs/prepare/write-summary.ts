import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastPathStats } from './fast-path-types';
import { makeFolder } from '../../files/make-folder';
import { writingTo } from '../../files/write-failure';
import { writeOutputFile } from '../../files/output-file';
import type { PartFormat, PreparePart, PrepareStatus, PrepareSummary } from './prepare-types';

const SUMMARY_FILE = 'summary.json';

/**
 * Makes the output folder and removes the summary of an earlier run from it, before any output.
 * Why: the summary is what marks a folder complete (upload and preflight trust it). A run that
 * is killed, or stops on a full disk, must not leave an earlier run's "completed" summary beside
 * its own partial files, so the old one goes first and the new one is the run's last step.
 */
export async function startOutputFolder(outDir: string): Promise<void> {
  await writingTo(outDir, async () => {
    await makeFolder(outDir);
    await rm(path.join(outDir, SUMMARY_FILE), { force: true });
  });
}

/** What a finished job (one pass, or the merge of a split one) knows about its outputs. */
export interface PrepareOutcome {
  status: PrepareStatus;
  reason: string | undefined;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  rowsWithWarnings: number;
  rowsWithoutIdentity: number;
  rowsEmpty: number;
  emptyIdentity: PrepareSummary['emptyIdentity'];
  parts: PreparePart[];
  format: PartFormat;
  rejectsFile: string;
  warningsFile: string;
  issuesByField: PrepareSummary['issuesByField'];
  issuesByKind: PrepareSummary['issuesByKind'];
  fastPath: FastPathStats;
  startedAt: number;
}

/**
 * Checks rowsRead = rowsWritten + rowsRejected, writes summary.json and returns the summary.
 * Why the check here: whichever way the job ran, a summary whose counts do not add up is a
 * failed job, said in its reason, never a completed one. Why atomic (a temporary file renamed):
 * it is the run's last step, so the folder holds either no summary or a whole one.
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
    warningsFile: outcome.warningsFile,
    issuesByField: outcome.issuesByField,
    issuesByKind: outcome.issuesByKind,
    rowsWithWarnings: outcome.rowsWithWarnings,
    rowsWithoutIdentity: outcome.rowsWithoutIdentity,
    emptyIdentity: outcome.emptyIdentity,
    rowsEmpty: outcome.rowsEmpty,
    fastPath: outcome.fastPath,
    startedAt: new Date(outcome.startedAt).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - outcome.startedAt,
  };
  if (!invariantHolds) summary.reason = `row count invariant broken: read ${rowsRead}, written ${rowsWritten}, rejected ${rowsRejected}`;
  const file = path.join(outDir, SUMMARY_FILE);
  await writeOutputFile(file, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
