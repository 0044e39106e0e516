import type { QueryClient, QueryState } from '@tanstack/react-query';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import type { PreflightReportShape } from '../../src-shared/ipc/requests/jobs';
import type { IngestSource } from '../../src-shared/ipc/requests/upload-shapes';
import { type PreflightKey, serverKeys } from './keys';
import type { LoadStatus } from './load-status';
import { errorOf } from './request';
import { serverQueries } from './server-queries';

/** The preflight of the Upload step's draft, as the screen and the streaming offer read it. */
export interface PreflightView {
  status: LoadStatus;
  /** The last verdict, kept while it is asked again; null once asking failed. */
  report: PreflightReportShape | null;
  error: AppErrorShape | null;
}

/** What a draft is about to send, and where: the parts of it preflight depends on. */
export interface PreflightSubject {
  connectionId: string | null;
  datasetId: string | null;
  source: IngestSource;
  profile: boolean;
  schemaId: string | null;
}

export const idlePreflight: PreflightView = { status: 'idle', report: null, error: null };

/**
 * The connection and the key of a draft's preflight; null until a dataset is chosen and a
 * connection is known. Why the active connection as a fallback: a draft made before the
 * connections were read sends to the active one, as the upload itself does.
 */
export function preflightOf(subject: PreflightSubject, activeId: string | null): { connectionId: string; check: PreflightKey } | null {
  const connectionId = subject.connectionId ?? activeId;
  if (!subject.datasetId || connectionId === null) return null;
  return { connectionId, check: { datasetId: subject.datasetId, source: subject.source, profile: subject.profile, schemaId: subject.schemaId } };
}

/** The query options of a draft's preflight (the Upload step's `useQuery`), or null when there is nothing to check. */
export function preflightQueryOf(bridge: XdmBridge, subject: PreflightSubject, activeId: string | null) {
  const of = preflightOf(subject, activeId);
  return of ? serverQueries.preflight(bridge, of.connectionId, of.check) : null;
}

/** A preflight query's state in the screen's words; `loading` also while it runs again, with the last verdict kept. */
export function preflightViewOf(state: Pick<QueryState<PreflightReportShape>, 'data' | 'error' | 'status' | 'fetchStatus'> | undefined): PreflightView {
  if (!state) return idlePreflight;
  if (state.fetchStatus === 'fetching') return { status: 'loading', report: state.status === 'error' ? null : (state.data ?? null), error: null };
  if (state.status === 'error') return { status: 'error', report: null, error: errorOf(state.error) };
  if (state.data !== undefined) return { status: 'ready', report: state.data, error: null };
  return idlePreflight;
}

/** A draft's preflight as the cache holds it now (for the stores, which read outside React). */
export function preflightSeen(client: QueryClient, subject: PreflightSubject, activeId: string | null): PreflightView {
  const of = preflightOf(subject, activeId);
  return of ? preflightViewOf(client.getQueryState<PreflightReportShape>(serverKeys.preflight(of.connectionId, of.check))) : idlePreflight;
}
