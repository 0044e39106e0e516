import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import type { DraftLookup, FileDraft } from '../../src-shared/ipc/requests/drafts';
import { createFakeBridge, type FakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { createAppStore } from '../../src-renderer/state/app-store';
import { createDraftKeeper } from '../../src-renderer/state/draft-keeper';
import { mappingSelectors } from '../../src-renderer/state/mapping-slice';

const inspection: FileInspection = {
  file: { name: 'people.csv', size: 40 },
  format: 'csv',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  hasHeader: true,
  lineEnding: 'lf',
  columns: [{ name: 'email', type: 'string', emptyRatio: 0 }],
  rows: [['ada@example.com']],
  totalRows: 1,
  bytesRead: 40,
  warnings: [],
};

const emailRule = { source: { kind: 'column', column: 'email' }, destination: 'personalEmail.address' } as const;

const savedDraft: FileDraft = {
  schema: { kind: 'connection', schemaId: 'https://ns.adobe.com/tenant/schemas/people' },
  rules: [emailRule],
  identities: [{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }],
  outputFormat: 'parquet',
  emptyIdentity: 'reject',
  step: 'map',
};

/** A bridge whose main keeps one draft in memory and answers the mapping step's requests. */
function bridgeWithDrafts(lookup: () => DraftLookup | Promise<DraftLookup>): FakeBridge & { saved: FileDraft[] } {
  const saved: FileDraft[] = [];
  const bridge = createFakeBridge();
  bridge.respond('files.inspect', () => inspection);
  bridge.respond('drafts.get', lookup);
  bridge.respond('drafts.save', ({ draft }) => {
    saved.push(draft);
    return { savedAt: '2026-01-01T10:00:00.000Z' };
  });
  bridge.respond('drafts.discard', () => ({ discarded: true }));
  bridge.respond('schemas.local', () => [
    { choice: { kind: 'standard', id: 'profile' }, title: 'Profile', className: 'XDM Individual Profile', description: '' },
  ]);
  bridge.respond('schemas.list', () => []);
  bridge.respond('schemas.tree', () => ({ schemaId: 'https://ns.adobe.com/x', title: 'People', fields: [] }));
  bridge.respond('mapping.suggest', () => ({ suggestions: [], mapping: { version: 1, rules: [emailRule], identities: [] } }));
  bridge.respond('mapping.preview', () => ({ problems: [], columns: ['email'], records: [] }));
  return Object.assign(bridge, { saved });
}

function start(bridge: FakeBridge) {
  const store = createAppStore(bridge);
  const keeper = createDraftKeeper(store, bridge, { saveDelayMs: 0 });
  return { store, keeper };
}

const callsOf = (bridge: FakeBridge, name: string) => bridge.calls.filter((c) => c.name === name);

describe('the draft keeper', () => {
  it('saves the mapping as it is edited, once the file had no draft, and not the empty state before', async () => {
    const bridge = bridgeWithDrafts(() => ({ status: 'none' }));
    const { store } = start(bridge);
    await store.getState().openFile({ name: 'people.csv', size: 40 });
    await expect.poll(() => callsOf(bridge, 'drafts.get')).toHaveLength(1);
    await store.getState().goToStep('map');
    store.getState().acceptSuggestions();
    store.getState().setOutputFormat('parquet');
    store.getState().setEmptyIdentity('reject');
    store.getState().addRule(); // still being written: no destination yet
    await expect.poll(() => bridge.saved.at(-1)?.emptyIdentity).toBe('reject');
    expect(bridge.saved.at(-1)).toEqual({
      schema: { kind: 'standard', id: 'profile' },
      rules: [emailRule],
      identities: [],
      outputFormat: 'parquet',
      emptyIdentity: 'reject',
      step: 'map',
    });
  });

  it('waits for the lookup: nothing is saved over a draft before it is known', async () => {
    let answer: (lookup: DraftLookup) => void = () => undefined;
    const bridge = bridgeWithDrafts(() => new Promise<DraftLookup>((resolve) => (answer = resolve)));
    const { store } = start(bridge);
    await store.getState().openFile({ name: 'people.csv', size: 40 });
    await store.getState().goToStep('map');
    store.getState().acceptSuggestions();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(callsOf(bridge, 'drafts.save')).toEqual([]);
    answer({ status: 'found', draft: savedDraft, savedAt: '2026-01-01T09:00:00.000Z' });
    await expect.poll(() => store.getState().mapping.rules).toEqual(savedDraft.rules);
  });

  it('puts the draft back when the same file is opened again (a reload: a new store)', async () => {
    const bridge = bridgeWithDrafts(() => ({ status: 'found', draft: savedDraft, savedAt: '2026-01-01T09:00:00.000Z' }));
    const { store, keeper } = start(bridge);
    await store.getState().openFile({ name: 'people.csv', size: 40 });
    await expect.poll(() => store.getState().mapping.treeStatus).toBe('ready');
    const state = store.getState();
    expect(mappingSelectors.step(state)).toBe('map');
    expect(state.mapping.schema).toEqual(savedDraft.schema);
    expect(state.mapping.rules).toEqual(savedDraft.rules);
    expect(state.mapping.identities).toEqual(savedDraft.identities);
    expect(state.jobs.outputFormat).toBe('parquet');
    expect(state.jobs.emptyIdentity).toBe('reject');
    // The suggestions were dealt with when the rules were made: not proposed again.
    expect(state.mapping.proposal).toBeNull();
    expect(keeper.state.getState().notice).toEqual({ kind: 'restored', savedAt: '2026-01-01T09:00:00.000Z' });
    // Putting it back is not an edit: it is not sent again.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(callsOf(bridge, 'drafts.save')).toEqual([]);
  });

  it('does not apply the draft of a file that changed, says so, and applies it when asked', async () => {
    const bridge = bridgeWithDrafts(() => ({ status: 'changed', draft: savedDraft, savedAt: '2026-01-01T09:00:00.000Z' }));
    const { store, keeper } = start(bridge);
    await store.getState().openFile({ name: 'people.csv', size: 40 });
    await expect.poll(() => keeper.state.getState().notice.kind).toBe('changed');
    expect(store.getState().mapping.rules).toEqual([]);
    expect(mappingSelectors.step(store.getState())).toBe('file');

    await keeper.restoreAnyway();
    expect(store.getState().mapping.rules).toEqual(savedDraft.rules);
    expect(keeper.state.getState().notice.kind).toBe('restored');
    // Kept again for the file as it is now.
    await expect.poll(() => bridge.saved.at(-1)).toEqual(savedDraft);
  });

  it('starts over: the draft is discarded and the mapping step starts from the suggestions', async () => {
    const bridge = bridgeWithDrafts(() => ({ status: 'found', draft: savedDraft, savedAt: '2026-01-01T09:00:00.000Z' }));
    const { store, keeper } = start(bridge);
    await store.getState().openFile({ name: 'people.csv', size: 40 });
    await expect.poll(() => keeper.state.getState().notice.kind).toBe('restored');
    await keeper.startOver();
    expect(callsOf(bridge, 'drafts.discard')).toHaveLength(1);
    expect(mappingSelectors.step(store.getState())).toBe('file');
    expect(keeper.state.getState().notice.kind).toBe('none');
    await store.getState().goToStep('map');
    expect(store.getState().mapping.rules).toEqual([]);
    expect(store.getState().mapping.proposal?.rules).toEqual([emailRule]);
  });

  it('lists recent files and opens one as a drop would; one gone since is dropped from the list', async () => {
    const bridge = bridgeWithDrafts(() => ({ status: 'none' }));
    let present = true;
    const recent = { id: 'r_0123456789abcdef01234567', name: 'people.csv', size: 40, openedAt: '2026-01-01T09:00:00.000Z' };
    bridge.respond('files.recent', () => (present ? [recent] : []));
    bridge.respond('files.openRecent', () => ({ fileRef: 'f_recent0001', name: 'people.csv', size: 40 }));
    const { store, keeper } = start(bridge);
    await keeper.refreshRecent();
    expect(keeper.state.getState().recent).toEqual([recent]);

    await keeper.openRecent(recent.id);
    expect(store.getState().prepare.fileRef).toBe('f_recent0001');
    expect(store.getState().prepare.status).toBe('ready');

    present = false;
    bridge.respond('files.openRecent', () => {
      throw new AppError('NOT_FOUND', 'This file is no longer in the recent files.');
    });
    await keeper.openRecent(recent.id);
    expect(keeper.state.getState()).toMatchObject({ recent: [], recentError: { code: 'NOT_FOUND' } });
  });
});
