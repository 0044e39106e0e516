import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { ProfileLookup } from '../../src-shared/ipc/requests/ingest';
import type { ProfileEventsShape } from '../../src-shared/ipc/requests/profiles';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { createAppStore } from '../../src-renderer/state/app-store';
import { PROFILE_EVENTS_SHOWN, profilesSelectors } from '../../src-renderer/state/profiles-slice';

const ada: ProfileLookup = {
  status: 'found',
  namespace: 'Email',
  id: 'ada@example.com',
  profile: {
    entityId: 'xid-ada',
    lastModifiedAt: '2024-05-01T09:00:00Z',
    sources: ['d1'],
    identities: [
      { namespace: 'email', id: 'ada@example.com', primary: true },
      { namespace: 'ecid', id: 'ecid-1', primary: false },
    ],
    attributes: { person: { name: { firstName: 'Ada' } } },
  },
};
const adaEvents: ProfileEventsShape = {
  status: 'listed',
  namespace: 'Email',
  id: 'ada@example.com',
  events: [{ id: 'ev-1', timestamp: 1_714_554_000_000, eventType: 'web.webpagedetails.pageViews', entity: { _id: 'ev-1' } }],
  more: false,
};

async function ready() {
  const bridge = createFakeBridge();
  bridge.respond('connections.list', () => ({ connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }], activeId: 'local' }));
  bridge.respond('entities.lookup', (input) =>
    input.id === 'ada@example.com' ? ada : { status: 'not-found', namespace: input.namespace, id: input.id, explanation: `Profile has no profile for ${input.namespace} "${input.id}".` },
  );
  bridge.respond('entities.events', (input) =>
    input.id === 'ada@example.com' ? adaEvents : { status: 'not-found', namespace: input.namespace, id: input.id, events: [], more: false, explanation: 'No profile.' },
  );
  const store = createAppStore(bridge);
  await store.getState().loadConnections();
  return { bridge, store };
}

describe('profiles slice', () => {
  it('looks a profile up with its events on the active connection, trimming what was typed', async () => {
    const { bridge, store } = await ready();
    await store.getState().lookupProfile(' Email ', ' ada@example.com ');
    const state = store.getState();
    expect(profilesSelectors.status(state)).toBe('ready');
    expect(profilesSelectors.lookup(state)).toEqual(ada);
    expect(profilesSelectors.events(state)).toEqual({ status: 'ready', result: adaEvents, error: null });
    expect(profilesSelectors.namespace(state)).toBe('Email');
    expect(profilesSelectors.id(state)).toBe('ada@example.com');
    expect(profilesSelectors.connectionId(state)).toBe('local');
    expect(bridge.calls.filter((c) => c.name.startsWith('entities.'))).toEqual([
      { name: 'entities.lookup', input: { namespace: 'Email', id: 'ada@example.com', connectionId: 'local' } },
      { name: 'entities.events', input: { namespace: 'Email', id: 'ada@example.com', connectionId: 'local', limit: PROFILE_EVENTS_SHOWN } },
    ]);
  });

  it('keeps a not-found answer with its explanation as an answer, not an error', async () => {
    const { store } = await ready();
    await store.getState().lookupProfile('Email', 'nobody@example.com');
    expect(profilesSelectors.status(store.getState())).toBe('ready');
    expect(profilesSelectors.lookup(store.getState())).toMatchObject({ status: 'not-found', explanation: 'Profile has no profile for Email "nobody@example.com".' });
    expect(profilesSelectors.error(store.getState())).toBeNull();
  });

  it('shows the profile when its events are refused, with the refusal apart', async () => {
    const { bridge, store } = await ready();
    bridge.respond('entities.events', (input) => ({ status: 'forbidden', namespace: input.namespace, id: input.id, events: [], more: false, explanation: 'Ultimate only.' }));
    await store.getState().lookupProfile('Email', 'ada@example.com');
    expect(profilesSelectors.lookup(store.getState())?.status).toBe('found');
    expect(profilesSelectors.events(store.getState()).result).toMatchObject({ status: 'forbidden', explanation: 'Ultimate only.' });
  });

  it('says why a lookup could not be made, in the contract’s words for bad input', async () => {
    const { bridge, store } = await ready();
    await store.getState().lookupProfile('Email', '   ');
    expect(profilesSelectors.status(store.getState())).toBe('error');
    expect(profilesSelectors.error(store.getState())).toMatchObject({ code: 'INVALID_INPUT', message: 'id: an identity value is required' });
    bridge.respond('entities.lookup', () => {
      throw new AppError('UNREACHABLE', 'The sandbox did not answer.');
    });
    await store.getState().lookupProfile('Email', 'ada@example.com');
    expect(profilesSelectors.error(store.getState())).toEqual({ code: 'UNREACHABLE', message: 'The sandbox did not answer.' });
    expect(profilesSelectors.lookup(store.getState())).toBeNull();
  });

  it('keeps only the latest lookup when an earlier one answers last', async () => {
    const { bridge, store } = await ready();
    let release: () => void = () => undefined;
    bridge.respond('entities.lookup', async (input) => {
      if (input.id === 'slow@example.com') await new Promise<void>((resolve) => (release = resolve));
      return input.id === 'ada@example.com' ? ada : { status: 'not-found', namespace: input.namespace, id: input.id };
    });
    const first = store.getState().lookupProfile('Email', 'slow@example.com');
    await store.getState().lookupProfile('Email', 'ada@example.com');
    release();
    await first;
    expect(profilesSelectors.lookup(store.getState())).toEqual(ada);
    expect(profilesSelectors.id(store.getState())).toBe('ada@example.com');
  });

  it('forgets the lookup when cleared', async () => {
    const { store } = await ready();
    await store.getState().lookupProfile('Email', 'ada@example.com');
    store.getState().clearProfile();
    expect(profilesSelectors.lookup(store.getState())).toBeNull();
    expect(profilesSelectors.status(store.getState())).toBe('idle');
    expect(profilesSelectors.events(store.getState()).status).toBe('idle');
  });
});
