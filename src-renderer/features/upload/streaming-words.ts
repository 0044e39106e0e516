import type { ConfirmReportShape } from '../../../src-shared/ipc/requests/jobs';
import {
  SYNC_RECORDS_PER_MINUTE,
  type StreamProgressView,
  type StreamRecordResult,
  type StreamSendResult,
  type StreamValidation,
} from '../../state/streaming-slice';
import { formatCount } from '../prepare/format';

/**
 * Streaming results in the steward's words.
 * Why apart from the components: the words are the part worth testing, and they stay the same
 * wherever the results are laid out.
 */

export type Tone = 'positive' | 'negative' | 'notice' | 'info' | 'neutral';

/** A record's fate as a word and a colour. */
export function recordStatusWords(status: StreamRecordResult['status']): { label: string; tone: Tone } {
  switch (status) {
    case 'accepted':
      return { label: 'Accepted', tone: 'positive' };
    case 'received':
      return { label: 'Received', tone: 'info' };
    case 'rejected':
      return { label: 'Rejected', tone: 'negative' };
  }
}

/** "2 accepted, 1 rejected": only the counts that happened, and "none sent" for an empty set. */
export function streamSummary(result: StreamSendResult): string {
  const parts = [
    result.accepted > 0 || result.validation === 'sync' ? `${formatCount(result.accepted)} accepted` : null,
    result.received > 0 || result.validation === 'async' ? `${formatCount(result.received)} received (validated later)` : null,
    `${formatCount(result.rejected)} rejected`,
  ].filter((p): p is string => p !== null);
  return result.total === 0 ? 'The set held no record: nothing was sent.' : `${parts.join(', ')}.`;
}

/** A running stream's counts so far: "3 of 40 records sent: 2 accepted, 1 rejected so far." */
export function streamProgressWords(p: StreamProgressView, validation: StreamValidation): string {
  const fates = [
    p.accepted > 0 || validation === 'sync' ? `${formatCount(p.accepted)} accepted` : null,
    p.received > 0 || validation === 'async' ? `${formatCount(p.received)} received` : null,
    `${formatCount(p.rejected)} rejected`,
  ].filter((f): f is string => f !== null);
  return `${formatCount(p.sent)} of ${formatCount(p.total)} record${p.total === 1 ? '' : 's'} sent: ${fates.join(', ')} so far.`;
}

/** Why a failed run's records matter: how many had been sent, which stay sent. Null when none had been. */
export function sentBeforeFailureWords(sent: number | null): string | null {
  if (sent === null || sent === 0) return null;
  return `${formatCount(sent)} record${sent === 1 ? ' had' : 's had'} been sent before it stopped: ${sent === 1 ? 'it stays' : 'they stay'} sent (streamed records cannot be taken back).`;
}

/** The line beside Cancel. */
export const CANCEL_WARNING = 'Records already sent stay sent: cancelling stops only those not sent yet.';

/** What the validation choice means, one sentence each. */
export function validationWords(validation: StreamValidation): string {
  return validation === 'sync'
    ? 'Each record is validated as it arrives and the answer says whether it was taken; invalid records are dropped and listed below with each problem.'
    : 'Records are sent in groups and validated later by AEP: invalid ones land in the dataset’s error batch, on the Batches screen.';
}

/**
 * How long a synchronous run takes at AEP's pace, when that matters (a minute or more).
 * Why: AEP takes 60 validated records a minute per connection; 100 records is close to two
 * minutes, which would otherwise look like a hang. The Local sandbox is not paced.
 */
export function paceWords(records: number | null, validation: StreamValidation, local: boolean): string | null {
  if (local || validation !== 'sync') return null;
  const count = records ?? 0;
  if (count < SYNC_RECORDS_PER_MINUTE) return `AEP takes at most ${SYNC_RECORDS_PER_MINUTE} validated records a minute.`;
  const minutes = Math.ceil(count / SYNC_RECORDS_PER_MINUTE);
  return `AEP takes at most ${SYNC_RECORDS_PER_MINUTE} validated records a minute: ${formatCount(count)} records take about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

type Identity = ConfirmReportShape['identities'][number];

/**
 * Why a streamed identity is missing from Profile, in streaming's terms.
 * Why it replaces two of core's explanations: those speak of a batch and its failed records,
 * and confirmation samples every record sent, so a rejected record's identity is expected
 * to be missing. Configuration reasons (namespace, dataset, schema, 403) are the same for
 * both paths and are kept as core words them.
 */
export function streamedMissingWords(identity: Identity, result: StreamSendResult): string {
  if (identity.reason !== 'NOT_IN_PROFILE' && identity.reason !== 'STILL_PROCESSING') return identity.explanation ?? '';
  const rejected =
    result.rejected > 0
      ? `${formatCount(result.rejected)} record${result.rejected === 1 ? ' was' : 's were'} rejected above: if this identity is ${result.rejected === 1 ? 'that record’s' : 'one of theirs'}, that is expected. `
      : '';
  const later =
    result.validation === 'async'
      ? 'Otherwise the record may have failed AEP’s later validation (see the dataset’s error batch on the Batches screen), or Profile is still applying it: check again in a minute.'
      : 'Otherwise Profile may still be applying it (streamed records usually arrive within a minute): check again.';
  return `${rejected}${later}`;
}

/**
 * The warning under "Send by streaming" once the draft was streamed.
 * Why: unlike a batch upload (whose journal reports an upload already made), streaming keeps no
 * record of what was sent: pressing again sends every record again.
 */
export function sendAgainWords(result: StreamSendResult): string | null {
  const taken = result.accepted + result.received;
  if (taken === 0) return null;
  return `Sending again streams all ${formatCount(result.total)} records again: the ${formatCount(taken)} already taken would arrive twice.`;
}
