import { skipToken, useQuery } from '@tanstack/react-query';
import { type PreflightSubject, type PreflightView, preflightOf, preflightViewOf } from '../../queries/preflight';
import type { PreflightKey } from '../../queries/keys';
import { useBridge } from '../../queries/server-context';
import { serverQueries } from '../../queries/server-queries';
import { useActiveConnectionId } from '../../queries/use-server-state';

/** The key of "no preflight" (no draft, or no dataset yet): never run. */
const nothingToCheck: PreflightKey = { datasetId: '', source: { kind: 'folder', path: '' }, profile: false, schemaId: null };

/**
 * The draft's preflight, through its query: idle until the steward runs it (`runPreflight`), then
 * run again by the query whenever a write marks it stale (a fix, a dataset enabled for Profile,
 * records sent), while the Upload step is on screen.
 */
export function usePreflight(draft: PreflightSubject | null): PreflightView {
  const activeId = useActiveConnectionId();
  const of = draft ? preflightOf(draft, activeId) : null;
  const options = serverQueries.preflight(useBridge(), of?.connectionId ?? '', of?.check ?? nothingToCheck);
  const result = useQuery(of ? options : { ...options, queryFn: skipToken });
  return of ? preflightViewOf({ data: result.data, error: result.error, status: result.status, fetchStatus: result.fetchStatus }) : preflightViewOf(undefined);
}
