import type { XdmIssue, XdmIssueKind } from '../../../../src-shared/xdm/issue-kinds';
import { ownOrAdd } from '../../../../src-shared/domain/own-keys';

/**
 * Counts issues by field path and kind.
 * Why bounded: the tally grows with the schema's fields, never with the number of rows, so a
 * file of a billion bad rows still summarises in a few kilobytes.
 */
export class IssueTally {
  readonly byField: Record<string, Partial<Record<XdmIssueKind, number>>> = {};
  readonly byKind: Partial<Record<XdmIssueKind, number>> = {};

  add(issues: readonly XdmIssue[]): void {
    for (const issue of issues) {
      const path = issue.path.replace(/\[\d+\]/g, '[]') || '(record)';
      // Field paths are the user's names (a field may be called `constructor`): own keys only.
      const field = ownOrAdd<Partial<Record<XdmIssueKind, number>>>(this.byField, path, () => ({}));
      field[issue.kind] = (field[issue.kind] ?? 0) + 1;
      this.byKind[issue.kind] = (this.byKind[issue.kind] ?? 0) + 1;
    }
  }
}
