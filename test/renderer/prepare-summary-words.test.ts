import { describe, expect, it } from 'vitest';
import type { PrepareSummary } from '../../src-shared/ipc/requests/prepare';
import { countOf, rowsKept, summarySentence } from '../../src-renderer/features/prepare/summary-words';

const summary = (over: Partial<PrepareSummary>): PrepareSummary => ({
  status: 'completed',
  rowsRead: 3,
  rowsWritten: 2,
  rowsRejected: 1,
  invariantHolds: true,
  parts: [{ file: 'part-00001.jsonl', rows: 2, bytes: 400 }],
  format: 'json',
  rejectsFile: 'rejects.csv',
  issuesByField: {},
  issuesByKind: {},
  rowsWithWarnings: 0,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
  ...over,
});

describe('the prepare summary in words', () => {
  it('counts one row as a row', () => {
    expect(countOf(1, 'row')).toBe('1 row');
    expect(countOf(12345, 'row')).toBe('12,345 rows');
    expect(summarySentence(summary({ rowsWithWarnings: 1 }), 'JSON Lines', '400 bytes')).toBe(
      'Rows read = rows written + rows rejected. 1 JSON Lines part, 400 bytes, in 1.0 s; 1 row written with warnings.',
    );
  });

  it('does not call rows written when a cancelled job kept no part', () => {
    const cancelled = summary({
      status: 'cancelled',
      rowsRead: 105_800,
      rowsWritten: 105_711,
      rowsRejected: 89,
      parts: [],
      invariantHolds: false,
      reason: 'cancelled by the user; outputs are partial',
    });
    expect(rowsKept(cancelled)).toBe(0);
    expect(summarySentence(cancelled, 'JSON Lines', '0 bytes')).toBe(
      'Cancelled after reading 105,800 rows: 105,711 rows mapped before it stopped were not kept. 0 JSON Lines parts, 0 bytes, in 1.0 s.',
    );
  });

  it('counts the rows of the parts a stopped job kept', () => {
    expect(rowsKept(summary({ status: 'failed', rowsWritten: 90, parts: [{ file: 'a', rows: 50, bytes: 1 }] }))).toBe(50);
    expect(rowsKept(summary({ rowsWritten: 2 }))).toBe(2);
  });
});
