// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { ProfileLookup } from '../../src-shared/ipc/requests/entities';
import type { ProfileEventsShape } from '../../src-shared/ipc/requests/entities';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { useProfileLookup } from '../../src-renderer/features/profiles/use-profile';
import { serverKeys } from '../../src-renderer/queries/keys';
import { PROFILE_EVENTS_SHOWN } from '../../src-renderer/queries/server-queries';
import { profilesSelectors } from '../../src-renderer/state/profiles-slice';
import { renderHook } from './render-hook';
import { cacheOf, createTestStore, loadConnections } from './server-state';

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
  bridge.respond('connections.list', () => ({
    connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }],
    activeId: 'local',
  }));
  bridge.respond('entities.lookup', (input) =>
    input.id === 'ada@example.com'
      ? ada
      : { status: 'not-found', namespace: input.namespace, id: input.id, explanation: `Profile has no profile for ${input.namespace} "${input.id}".` },
  );
  bridge.respond('entities.events', (input) =>
    input.id === 'ada@example.com'
      ? adaEvents
      : { status: 'not-found', namespace: input.namespace, id: input.id, events: [], more: false, explanation: 'No profile.' },
  );
  const store = createTestStore(bridge);
  await loadConnections(store);
  const screen = await renderHook(useProfileLookup, store, bridge);
  /** The screen once the lookup (and its events) answered. */
  const answered = () => screen.settle((v) => v.status !== 'loading' && v.status !== 'idle' && v.events.status !== 'loading');
  return { bridge, store, screen, answered };
}

describe('profile lookup', () => {
  it('looks a profile up with its events on the active connection, trimming what was typed', async () => {
    const { bridge, store, screen, answered } = await ready();
    expect(screen.current().status).toBe('idle');
    await store.getState().lookupProfile(' Email ', ' ada@example.com ');
    const view = await answered();
    expect(view).toMatchObject({ status: 'ready', lookup: ada, error: null, events: { status: 'ready', data: adaEvents, error: null } });
    expect(store.getState().profiles).toEqual({ namespace: 'Email', id: 'ada@example.com', connectionId: 'local' });
    expect(bridge.calls.filter((c) => c.name.startsWith('entities.'))).toEqual([
      { name: 'entities.lookup', input: { connectionId: 'local', namespace: 'Email', id: 'ada@example.com' } },
      { name: 'entities.events', input: { connectionId: 'local', namespace: 'Email', id: 'ada@example.com', limit: PROFILE_EVENTS_SHOWN } },
    ]);
    screen.unmount();
  });

  it('asks Profile again when the same identity is looked up again', async () => {
    const { bridge, store, screen, answered } = await ready();
    await store.getState().lookupProfile('Email', 'ada@example.com');
    await answered();
    await store.getState().lookupProfile('Email', 'ada@example.com');
    await answered();
    expect(bridge.calls.filter((c) => c.name === 'entities.lookup')).toHaveLength(2);
    screen.unmount();
  });

  it('keeps a not-found answer with its explanation as an answer, not an error', async () => {
    const { store, screen, answered } = await ready();
    await store.getState().lookupProfile('Email', 'nobody@example.com');
    const view = await answered();
    expect(view.status).toBe('ready');
    expect(view.lookup).toMatchObject({ status: 'not-found', explanation: 'Profile has no profile for Email "nobody@example.com".' });
    expect(view.error).toBeNull();
    screen.unmount();
  });

  it('shows the profile when its events are refused, with the refusal apart', async () => {
    const { bridge, store, screen, answered } = await ready();
    bridge.respond('entities.events', (input) => ({
      status: 'forbidden',
      namespace: input.namespace,
      id: input.id,
      events: [],
      more: false,
      explanation: 'Ultimate only.',
    }));
    await store.getState().lookupProfile('Email', 'ada@example.com');
    const view = await answered();
    expect(view.lookup?.status).toBe('found');
    expect(view.events.data).toMatchObject({ status: 'forbidden', explanation: 'Ultimate only.' });
    screen.unmount();
  });

  it('says why a lookup could not be made, in the contract’s words for bad input', async () => {
    const { bridge, store, screen, answered } = await ready();
    await store.getState().lookupProfile('Email', '   ');
    const refused = await answered();
    expect(refused.status).toBe('error');
    expect(refused.error).toMatchObject({ code: 'INVALID_INPUT', message: 'id: an identity value is required' });
    bridge.respond('entities.lookup', () => {
      throw new AppError('UNREACHABLE', 'The sandbox did not answer.');
    });
    await store.getState().lookupProfile('Email', 'ada@example.com');
    const unreachable = await screen.settle((v) => v.error?.code === 'UNREACHABLE');
    expect(unreachable.error).toEqual({ code: 'UNREACHABLE', message: 'The sandbox did not answer.' });
    expect(unreachable.lookup).toBeNull();
    screen.unmount();
  });

  it('shows a lookup only on the connection it was asked on', async () => {
    const { store, screen, answered } = await ready();
    await store.getState().lookupProfile('Email', 'ada@example.com');
    await answered();
    cacheOf(store).setQueryData(serverKeys.connections(), (list: { activeId: string } | undefined) => (list ? { ...list, activeId: 'c_other001' } : list));
    const other = await screen.settle((v) => v.status === 'idle');
    expect(other).toMatchObject({ status: 'idle', lookup: null });
    expect(profilesSelectors.connectionId(store.getState())).toBe('local');
    screen.unmount();
  });
});
