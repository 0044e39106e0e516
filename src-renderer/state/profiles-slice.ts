import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import type { ProfileLookup } from '../../src-shared/ipc/requests/ingest';
import type { ProfileEventsShape } from '../../src-shared/ipc/requests/profiles';
import type { AppState } from './app-state';
import { bridgeFailure } from './bridge-errors';
import type { LoadStatus } from './connections-slice';

export interface ProfileEventsView {
  status: LoadStatus;
  result: ProfileEventsShape | null;
  error: AppErrorShape | null;
}

export interface ProfilesSliceState {
  /** The identity last looked up (the form starts from it, so a link from another screen shows what it asked). */
  namespace: string;
  id: string;
  /** The connection it was asked on. */
  connectionId: string | null;
  status: LoadStatus;
  /** found, not-found or forbidden, each with its explanation. */
  lookup: ProfileLookup | null;
  /** The request itself failed (bad input, sandbox unreachable), not the lookup. */
  error: AppErrorShape | null;
  events: ProfileEventsView;
}

export interface ProfilesSlice {
  profiles: ProfilesSliceState;
  /**
   * Looks a profile up by namespace and value on the active connection, with its experience events.
   * Why an action other screens call: the upload's confirmation report links each sampled
   * identity here.
   */
  lookupProfile(namespace: string, id: string): Promise<void>;
  /** Forgets the last lookup (the active connection changed). */
  clearProfile(): void;
}

/** Events shown on the timeline: the latest ones; Profile keeps the rest. */
export const PROFILE_EVENTS_SHOWN = 50;

const noEvents: ProfileEventsView = { status: 'idle', result: null, error: null };
const initial: ProfilesSliceState = { namespace: '', id: '', connectionId: null, status: 'idle', lookup: null, error: null, events: noEvents };

/**
 * The Profiles screen's lookup: the merged profile and, asked at the same time, its events.
 * Why two requests and two states: the profile can be readable while its events are refused
 * (programmatic event lookup is Ultimate-only at Adobe), and one must not hide the other.
 * Why counted: a second lookup can start before the first answers; only the latest may land.
 */
export const createProfilesSlice =
  (bridge: XdmBridge): StateCreator<AppState, [], [], ProfilesSlice> =>
  (set, get) => {
    let asking = 0;
    const patch = (next: Partial<ProfilesSliceState>) => set((state) => ({ profiles: { ...state.profiles, ...next } }));

    async function profileOf(input: { namespace: string; id: string; connectionId?: string }, ask: number): Promise<void> {
      try {
        const reply = await bridge.request('entities.lookup', input);
        if (ask !== asking) return;
        patch(reply.ok ? { status: 'ready', lookup: reply.value } : { status: 'error', error: reply.error });
      } catch (error) {
        if (ask === asking) patch({ status: 'error', error: bridgeFailure(error) });
      }
    }

    async function eventsOf(input: { namespace: string; id: string; connectionId?: string }, ask: number): Promise<void> {
      let events: ProfileEventsView;
      try {
        const reply = await bridge.request('entities.events', { ...input, limit: PROFILE_EVENTS_SHOWN });
        events = reply.ok ? { status: 'ready', result: reply.value, error: null } : { status: 'error', result: null, error: reply.error };
      } catch (error) {
        events = { status: 'error', result: null, error: bridgeFailure(error) };
      }
      if (ask === asking) patch({ events });
    }

    return {
      profiles: initial,

      async lookupProfile(namespace, id) {
        const ask = ++asking;
        const connectionId = get().connections.activeId;
        const input = { namespace: namespace.trim(), id: id.trim(), ...(connectionId !== null ? { connectionId } : {}) };
        patch({ namespace: input.namespace, id: input.id, connectionId, status: 'loading', lookup: null, error: null, events: { status: 'loading', result: null, error: null } });
        await Promise.all([profileOf(input, ask), eventsOf(input, ask)]);
      },

      clearProfile() {
        asking++;
        patch(initial);
      },
    };
  };

/** Reads of the profiles slice. */
export const profilesSelectors = {
  status: (state: AppState) => state.profiles.status,
  lookup: (state: AppState) => state.profiles.lookup,
  error: (state: AppState) => state.profiles.error,
  events: (state: AppState) => state.profiles.events,
  namespace: (state: AppState) => state.profiles.namespace,
  id: (state: AppState) => state.profiles.id,
  connectionId: (state: AppState) => state.profiles.connectionId,
};
