import { QueryClient } from '@tanstack/react-query';

/** How long an answer counts as fresh when nothing this window did made it stale. */
const FRESH_MS = 30_000;

/**
 * The renderer's one cache of main's server state.
 * Why no retries: main's AEP client already retries what is worth retrying, and answers with a
 * coded error a screen shows at once. Why answers stay fresh a while and no refetch on focus:
 * every change this window makes invalidates what it changed (and finished jobs invalidate
 * theirs, see the event pump), and an invalidated answer is read again at once or on the next
 * visit; otherwise a component mounting (a detail opened, a tab switched) would only repeat
 * requests against a rate-limited sandbox. Changes made elsewhere (another window, the CLI, AEP's
 * own UI) show after FRESH_MS or on Refresh.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: FRESH_MS, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}
