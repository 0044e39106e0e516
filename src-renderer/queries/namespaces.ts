import { useQuery } from '@tanstack/react-query';
import type { IdentityNamespaceSummary } from '../../src-shared/platform/targets';
import { type LoadView, viewOf } from './load-status';
import { serverQueries } from './server-queries';
import { useBridge } from './server-context';
import { useConnections } from './use-server-state';

/** A namespace as the identity builder offers it: the code goes into identityMap, the name helps choose. */
export type NamespaceOption = Pick<IdentityNamespaceSummary, 'code' | 'name'>;

/**
 * The namespaces offered when no connection answers: the standard codes confirmed in Adobe's
 * guides, plus CRMID and Phone_E.164, which the suggestions and most examples use.
 * Why CRMID stays although it is not standard: it is what orgs usually create as a custom
 * namespace, and offline there is no list to check it against (aep-notes §6).
 */
export const STANDARD_NAMESPACES: readonly NamespaceOption[] = [
  { code: 'Email', name: 'Email' },
  { code: 'Phone', name: 'Phone' },
  { code: 'CRMID', name: 'CRM ID (custom in most orgs)' },
  { code: 'ECID', name: 'ECID' },
  { code: 'Email_LC_SHA256', name: 'Emails (SHA256, lowercased)' },
  { code: 'Phone_E.164', name: 'Phone (E.164)' },
];

export interface NamespacesView extends LoadView<IdentityNamespaceSummary[]> {
  /** The connection's list once it answered, else null (nothing to check codes against). */
  fromConnection: readonly NamespaceOption[] | null;
  /** What the builder offers: the connection's namespaces, or the standard ones while it has none. */
  options: readonly NamespaceOption[];
  /** The name of the connection they come from, for the notes. */
  sourceName: string;
  retry(): void;
}

/**
 * The identity namespaces of the active connection, for the identityMap builder and the lookup form.
 * Why read once per connection: the list changes only when someone creates a namespace, and the
 * builder is shown again at every edit; a failure stays until the user retries or switches
 * connection, so offline work does not ask an unreachable sandbox at every render.
 */
export function useNamespaces(): NamespacesView {
  const { activeId, active } = useConnections();
  const query = useQuery({ ...serverQueries.namespaces(useBridge(), activeId ?? ''), enabled: activeId !== null, staleTime: Infinity, retryOnMount: false });
  const view = viewOf(query);
  const listed = view.status === 'ready' && view.data ? view.data : null;
  return {
    ...view,
    fromConnection: listed,
    options: listed ?? STANDARD_NAMESPACES,
    sourceName: active?.connection.name ?? 'the active connection',
    retry: () => void query.refetch(),
  };
}

/** How a namespace code stands against the connection's list. */
export type NamespaceCheck =
  | { kind: 'unchecked' }
  | { kind: 'known' }
  /** Known under another case: AEP compares codes case-insensitively (inferred), but say how it is spelled. */
  | { kind: 'case'; code: string }
  | { kind: 'unknown' };

/** Checks a code against a list; `null` (no list from a connection) checks nothing. */
export function checkNamespace(code: string, namespaces: readonly NamespaceOption[] | null): NamespaceCheck {
  const wanted = code.trim();
  if (namespaces === null || wanted === '') return { kind: 'unchecked' };
  if (namespaces.some((n) => n.code === wanted)) return { kind: 'known' };
  const other = namespaces.find((n) => n.code.toLowerCase() === wanted.toLowerCase());
  return other ? { kind: 'case', code: other.code } : { kind: 'unknown' };
}
