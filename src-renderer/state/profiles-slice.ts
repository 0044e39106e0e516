import type { StateCreator } from 'zustand/vanilla';
import { serverKeys } from '../queries/keys';
import { activeConnectionId } from '../queries/server-cache';
import type { AppState } from './app-state';
import type { ServerAccess } from './server-access';

export interface ProfilesSliceState {
  /** The identity last looked up (the form starts from it, so a link from another screen shows what it asked). */
  namespace: string;
  id: string;
  /** The connection it was asked on; null before the first lookup. The answers are server state (`useProfileLookup`). */
  connectionId: string | null;
}

export interface ProfilesSlice {
  profiles: ProfilesSliceState;
  /**
   * Looks a profile up by namespace and value on the active connection, with its experience events;
   * asked again when it is the identity already shown.
   * Why an action other screens call: the upload's confirmation report links each sampled
   * identity here.
   */
  lookupProfile(namespace: string, id: string): Promise<void>;
}

const initial: ProfilesSliceState = { namespace: '', id: '', connectionId: null };

/** The Profiles screen's question: which identity, on which connection. */
export const createProfilesSlice =
  ({ client }: ServerAccess): StateCreator<AppState, [], [], ProfilesSlice> =>
  (set) => ({
    profiles: initial,

    async lookupProfile(namespace, id) {
      const connectionId = activeConnectionId(client);
      const asked = { namespace: namespace.trim(), id: id.trim(), connectionId };
      set({ profiles: asked });
      if (connectionId === null) return;
      // The same question again means "ask Profile again": it may have merged new records since.
      await Promise.all([
        client.invalidateQueries({ queryKey: serverKeys.profile(connectionId, asked.namespace, asked.id) }),
        client.invalidateQueries({ queryKey: serverKeys.profileEvents(connectionId, asked.namespace, asked.id) }),
      ]);
    },
  });

/** Reads of the profiles slice. */
export const profilesSelectors = {
  namespace: (state: AppState) => state.profiles.namespace,
  id: (state: AppState) => state.profiles.id,
  connectionId: (state: AppState) => state.profiles.connectionId,
};
