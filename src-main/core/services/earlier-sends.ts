import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PreflightCheck } from '../jobs/preflight/index';
import type { LocalStream } from '../jobs/stream/index';
import { resolveUploadInput, type LocalUpload } from '../jobs/upload/index';
import { uploadLabel } from './upload-listing';

/**
 * Records this machine already sent to a dataset, by batch or by streaming, found in the journals.
 * Why: a batch upload of records already streamed (or a stream of records a batch loaded) puts
 * them in the dataset twice, and AEP accepts both; the steward must hear it before sending. The
 * upload job itself only recognises its own earlier batch (same input, same way), not the other way.
 * Same records means the same input (its real path) or the same content fingerprint (upload-input.ts:
 * a prepared folder's parts, names, sizes and counts), to the same dataset of the same target.
 */
export interface EarlierSend {
  mode: 'batch' | 'stream';
  label: string;
  startedAt: string;
  /** Records that reached the dataset (a batch's written records; a stream's accepted and received ones), or may have. */
  records: number;
  /** True when some of them are only possibly there (a batch not yet final, a stream cut mid-request). */
  uncertain: boolean;
}

export interface SentTo {
  datasetId: string;
  /** The target key (target-key.ts). */
  target: string;
}

/** The fingerprint of `input` when comparing it can matter, else undefined (an unreadable input matches by path only). */
async function fingerprintOf(input: string, needed: boolean): Promise<string | undefined> {
  if (!needed) return undefined;
  return resolveUploadInput(input).then(
    (r) => r.fingerprint,
    () => undefined,
  );
}

export async function earlierSends(
  input: string,
  to: SentTo,
  journals: { uploads: readonly LocalUpload[]; streams: readonly LocalStream[] },
): Promise<EarlierSend[]> {
  const real = await realpath(input).catch(() => path.resolve(input));
  const uploads = journals.uploads.filter((u) => u.datasetId === to.datasetId && u.target === to.target);
  const streams = journals.streams.filter((s) => s.datasetId === to.datasetId && s.target === to.target);
  const samePath = (source: string) => path.resolve(source) === real;
  // A prepared folder's fingerprint costs a stat per part; a single file's counts its records,
  // so it is computed only when a journal names the same file (to tell its content changed).
  const isFolder = await stat(real).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const fingerprint = await fingerprintOf(real, isFolder || [...uploads.map((u) => u.input), ...streams.map((s) => s.input)].some(samePath));
  const same = (source: string, print: string | undefined) =>
    print !== undefined && fingerprint !== undefined ? print === fingerprint && (isFolder || samePath(source)) : samePath(source);
  const sends: EarlierSend[] = [];
  for (const u of uploads) {
    if (!same(u.input, u.fingerprint)) continue;
    // A batch not final yet may still load its records; an aborted one loads none.
    const written = u.latestBatches.reduce((n, b) => n + (b.recordsWritten ?? (b.final || b.status === 'aborted' ? 0 : b.recordsExpected)), 0);
    if (written === 0) continue;
    sends.push({ mode: 'batch', label: uploadLabel(u.input), startedAt: u.startedAt, records: written, uncertain: u.latestBatches.some((b) => !b.final) });
  }
  for (const s of streams) {
    if (!same(s.input, s.fingerprint)) continue;
    const taken = s.accepted + s.received + s.unanswered;
    if (taken === 0) continue;
    sends.push({ mode: 'stream', label: uploadLabel(s.input), startedAt: s.startedAt, records: taken, uncertain: s.unanswered > 0 || s.outcome === 'running' });
  }
  return sends.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** "2026-12-07 14:05 UTC": a journal's ISO time as the check says it (main does not know the steward's locale). */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * Preflight's warning for records sent before, undefined when none were.
 * Why a warning and not a failure: sending again can be meant (a dataset emptied since, a test
 * sandbox); the steward decides, told how many records are already there and how they went.
 */
export function sentBeforeCheck(sends: readonly EarlierSend[]): PreflightCheck | undefined {
  const latest = sends[0];
  if (latest === undefined) return undefined;
  const how = (s: EarlierSend) =>
    `${s.mode === 'stream' ? 'streamed' : 'uploaded in a batch'} on ${when(s.startedAt)} (${plural(s.records, 'record')}${s.uncertain ? ' sent or possibly sent' : ' taken'})`;
  const others = sends.length > 1 ? ` and ${sends.length - 1} time${sends.length === 2 ? '' : 's'} before` : '';
  // A batch upload of the very same input reports its earlier batch instead of sending it again
  // (upload-job.ts); streaming, or a new batch, loads the records twice.
  const again =
    latest.mode === 'stream'
      ? 'Sending them again, by batch or by streaming, loads them a second time: AEP keeps both copies.'
      : 'Streaming them, or uploading them again as a new batch, loads them a second time: AEP keeps both copies.';
  return {
    id: 'sent-before',
    status: 'warning',
    code: 'SENT_BEFORE',
    message: `These records were already ${how(latest)}${others} into this dataset. ${again}`,
    howToFix:
      'Send them again only if you mean to (the dataset was emptied, or a copy is wanted); otherwise choose another dataset, or leave them as they are.',
  };
}
