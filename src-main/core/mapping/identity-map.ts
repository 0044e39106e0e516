import { ownOrAdd, ownValue } from '../../../src-shared/domain/own-keys';
import type { IdentityRule } from '../../../src-shared/mapping/mapping-types';

/** One item of an identityMap namespace array. */
export interface IdentityItem {
  id: string;
  primary: boolean;
  authenticatedState: string;
}

/**
 * Builds (or extends) a record's identityMap from identity rules.
 * Why separate from ordinary rules: an identity is three values (id, primary, state) under a
 * namespace key chosen by the user, and a namespace may collect several columns; writing that
 * as `identityMap.Email[0].id` rules by hand is error-prone.
 * Empty or missing values add nothing: AEP refuses identities with an empty id.
 */
export function applyIdentityRules(record: Record<string, unknown>, rules: readonly IdentityRule[], read: (column: string) => unknown): void {
  if (rules.length === 0) return;
  let map = ownValue(record, 'identityMap') as Record<string, unknown> | undefined;
  for (const rule of rules) {
    const raw = read(rule.column);
    if (raw === null || raw === undefined) continue;
    const id = String(raw).trim();
    if (id === '') continue;
    if (!map) {
      map = {};
      record.identityMap = map;
    }
    // The namespace is the user's text (`constructor` is a valid one): own keys only.
    ownOrAdd<IdentityItem[]>(map, rule.namespace, () => []).push({ id, primary: rule.primary, authenticatedState: rule.authenticatedState });
  }
}
