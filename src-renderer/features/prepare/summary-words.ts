import type { PrepareSummary } from '../../../src-shared/ipc/requests/prepare';
import { formatCount } from './format';

/** "1 row", "2 rows", "12,345 rows". */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * The rows a prepare job left in its parts.
 * Why not `rowsWritten` alone: that counts rows mapped and accepted as the job went; a cancelled
 * or failed job drops its unfinished parts, so "Rows written 105,711" beside "No part was
 * written" told the steward two different things.
 */
export function rowsKept(summary: PrepareSummary): number {
  return summary.status === 'completed' ? summary.rowsWritten : summary.parts.reduce((n, p) => n + p.rows, 0);
}

/** The sentence under the counters: whether the counts add up, what was kept, and warnings. */
export function summarySentence(summary: PrepareSummary, formatLabel: string, sizeLabel: string): string {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const parts = `${countOf(summary.parts.length, `${formatLabel} part`)}, ${sizeLabel}, in ${seconds} s`;
  const warnings = summary.rowsWithWarnings > 0 ? `; ${countOf(summary.rowsWithWarnings, 'row')} written with warnings` : '';
  if (summary.status !== 'completed') {
    const dropped = summary.rowsWritten - rowsKept(summary);
    const lost = dropped > 0 ? `${countOf(dropped, 'row')} mapped before it stopped ${dropped === 1 ? 'was' : 'were'} not kept. ` : '';
    return `${summary.status === 'cancelled' ? 'Cancelled' : 'Failed'} after reading ${countOf(summary.rowsRead, 'row')}: ${lost}${parts}.`;
  }
  const counts = summary.invariantHolds ? 'Rows read = rows written + rows rejected. ' : `${summary.reason ?? 'The row counts do not add up.'} `;
  return `${counts}${parts}${warnings}.`;
}
