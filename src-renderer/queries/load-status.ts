import type { UseQueryResult } from '@tanstack/react-query';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import { errorOf } from './request';

/** Where a read stands, in the words the screens already use. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A query as a screen reads it: its status, its value (kept while it is asked again) and its error. */
export interface LoadView<T> {
  status: LoadStatus;
  data: T | undefined;
  error: AppErrorShape | null;
}

/**
 * The screen's view of a query. `loading` whenever it is being asked (also again, with the last
 * value still shown), so a Refresh button can be disabled meanwhile; `idle` when it was never asked.
 */
export function viewOf<T>(query: Pick<UseQueryResult<T>, 'data' | 'error' | 'isError' | 'isFetching' | 'isSuccess'>): LoadView<T> {
  const status: LoadStatus = query.isFetching ? 'loading' : query.isError ? 'error' : query.isSuccess ? 'ready' : 'idle';
  return { status, data: query.data, error: query.isError ? errorOf(query.error) : null };
}
