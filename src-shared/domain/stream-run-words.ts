/**
 * A journaled streaming run in a steward's words, for the Jobs screen's History and
 * `xdm-loader uploads` alike.
 * Why words of its own: a stream is not a batch. Each record is answered on its own, so a run
 * where 9 of 10 records were taken did not fail: it was sent, with one record rejected. "Failed"
 * is kept for a run that got nothing in.
 */

export type StreamRunTone = 'positive' | 'negative' | 'notice' | 'info' | 'neutral';

/** What the words are made from: the listing's state of the run and its per-record counts. */
export interface StreamRunFacts {
  state: 'running' | 'interrupted' | 'succeeded' | 'failed' | 'aborted';
  accepted: number;
  received: number;
  rejected: number;
  unanswered: number;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * "Sent", "Sent, 1 rejected", "Cancelled after 3 sent", "Stopped after 5 sent", "Failed"...
 * "sent" counts every record that went out (taken, rejected or unanswered).
 */
export function streamRunStatus(run: StreamRunFacts): { label: string; tone: StreamRunTone } {
  const taken = run.accepted + run.received;
  const sent = taken + run.rejected + run.unanswered;
  switch (run.state) {
    case 'running':
      return { label: sent > 0 ? `Sending (${count(sent)} sent)` : 'Sending', tone: 'info' };
    case 'succeeded':
      return run.rejected > 0 ? { label: `Sent, ${count(run.rejected)} rejected`, tone: 'notice' } : { label: 'Sent', tone: 'positive' };
    case 'failed':
      // Nothing taken is a failure; an error after some records were taken stopped a run that partly went in.
      return taken > 0 ? { label: `Stopped after ${count(sent)} sent`, tone: 'notice' } : { label: 'Failed', tone: 'negative' };
    case 'aborted':
      return { label: sent > 0 ? `Cancelled after ${count(sent)} sent` : 'Cancelled before sending', tone: 'neutral' };
    case 'interrupted':
      return { label: sent > 0 ? `Cut off after ${count(sent)} sent` : 'Cut off before sending', tone: 'notice' };
  }
}

/** A run's answers: "2 accepted, 1 rejected", with the records a cut run may have sent. */
export function streamRunCounts(run: Omit<StreamRunFacts, 'state'>): string {
  const parts = [
    ...(run.accepted > 0 || run.received === 0 ? [`${count(run.accepted)} accepted`] : []),
    ...(run.received > 0 ? [`${count(run.received)} received`] : []),
    `${count(run.rejected)} rejected`,
    ...(run.unanswered > 0 ? [`${count(run.unanswered)} sent without an answer (possibly in the dataset)`] : []),
  ];
  return parts.join(', ');
}
