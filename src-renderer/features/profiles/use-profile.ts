import { useQuery } from '@tanstack/react-query';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { ProfileLookup } from '../../../src-shared/ipc/requests/entities';
import type { ProfileEventsShape } from '../../../src-shared/ipc/requests/entities';
import { type LoadStatus, type LoadView, viewOf } from '../../queries/load-status';
import { serverQueries } from '../../queries/server-queries';
import { useBridge } from '../../queries/server-context';
import { useActiveConnectionId } from '../../queries/use-server-state';
import { useAppStore } from '../../state/store-context';

export interface ProfileLookupView {
  status: LoadStatus;
  /** found, not-found or forbidden, each with its explanation. */
  lookup: ProfileLookup | null;
  /** The request itself failed (bad input, sandbox unreachable), not the lookup. */
  error: AppErrorShape | null;
  events: LoadView<ProfileEventsShape>;
}

/**
 * The last identity looked up on the active connection: the merged profile and, asked at the
 * same time, its events (nothing when it was asked on another connection: a profile of one
 * sandbox is not one of another's).
 * Why two queries: the profile can be readable while its events are refused (programmatic event
 * lookup is Ultimate-only at Adobe), and one must not hide the other.
 */
export function useProfileLookup(): ProfileLookupView {
  const bridge = useBridge();
  const activeId = useActiveConnectionId();
  const { namespace, id, connectionId } = useAppStore((s) => s.profiles);
  const asked = connectionId !== null && connectionId === activeId;
  const on = connectionId ?? '';
  const profile = viewOf(useQuery({ ...serverQueries.profile(bridge, on, namespace, id), enabled: asked }));
  const events = viewOf(useQuery({ ...serverQueries.profileEvents(bridge, on, namespace, id), enabled: asked }));
  if (!asked) return notAsked;
  return { status: profile.status, lookup: profile.data ?? null, error: profile.error, events };
}

const notAsked: ProfileLookupView = { status: 'idle', lookup: null, error: null, events: { status: 'idle', data: undefined, error: null } };
