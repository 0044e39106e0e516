import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import type { RegisteredFile } from '../../src-shared/ipc/contract';
import { createFakeBridge, type FakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { appSelectors } from '../../src-renderer/state/app-slice';
import { createAppStore } from '../../src-renderer/state/app-store';
import { PREVIEW_ROW_LIMIT, prepareSelectors } from '../../src-renderer/state/prepare-slice';

function inspectionOf(name: string, size: number, rowCount = 2): FileInspection {
  return {
    file: { name, size },
    format: 'csv',
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    hasHeader: true,
    lineEnding: 'lf',
    columns: [
      { name: 'id', type: 'integer', emptyRatio: 0 },
      { name: 'email', type: 'string', emptyRatio: 0.5 },
    ],
    rows: Array.from({ length: rowCount }, (_, index) => [index + 1, index % 2 === 0 ? `u${index}@example.com` : null]),
    totalRows: null,
    bytesRead: size,
    warnings: [],
  };
}

/** A promise the test settles by hand, to order replies. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Waits until the store's Prepare status is one of `statuses` (replies are async). */
async function settled(store: ReturnType<typeof createAppStore>, ...statuses: string[]) {
  await expect.poll(() => store.getState().prepare.status).toSatisfy((status: string) => statuses.includes(status));
}

function bridgeAnsweringWithInspection(): FakeBridge {
  const bridge = createFakeBridge();
  bridge.respond('files.inspect', (input) => {
    const file = bridge.registered.find((entry) => entry.fileRef === input.fileRef);
    if (!file) throw new AppError('NOT_FOUND', 'unknown ref');
    return inspectionOf(file.name, file.size);
  });
  return bridge;
}

describe('prepare slice', () => {
  it('starts empty', () => {
    const store = createAppStore(createFakeBridge());
    expect(prepareSelectors.status(store.getState())).toBe('empty');
    expect(prepareSelectors.inspection(store.getState())).toBeNull();
    expect(prepareSelectors.previewRows(store.getState())).toEqual([]);
  });

  it('registers a dropped file, inspects it and keeps the inspection', async () => {
    const bridge = bridgeAnsweringWithInspection();
    const store = createAppStore(bridge);

    const opening = store.getState().openFile({ name: 'customers.csv', size: 2048 });
    expect(prepareSelectors.status(store.getState())).toBe('registering');
    expect(prepareSelectors.file(store.getState())).toEqual({ name: 'customers.csv', size: 2048 });
    expect(prepareSelectors.isBusy(store.getState())).toBe(true);
    await opening;

    const state = store.getState();
    expect(prepareSelectors.status(state)).toBe('ready');
    expect(prepareSelectors.isBusy(state)).toBe(false);
    expect(prepareSelectors.inspection(state)?.file).toEqual({ name: 'customers.csv', size: 2048 });
    expect(prepareSelectors.columnNames(state)).toEqual(['id', 'email']);
    expect(prepareSelectors.previewRows(state)).toHaveLength(2);
    expect(state.prepare.fileRef).toBe(bridge.registered[0]?.fileRef);
    expect(bridge.calls.filter((call) => call.name === 'files.inspect')).toEqual([
      { name: 'files.inspect', input: { fileRef: bridge.registered[0]?.fileRef, maxRows: PREVIEW_ROW_LIMIT } },
    ]);
  });

  it('shows the inspecting state while main reads the file', async () => {
    const bridge = createFakeBridge();
    const reply = deferred<FileInspection>();
    bridge.respond('files.inspect', () => reply.promise);
    const store = createAppStore(bridge);

    const opening = store.getState().openFile({ name: 'big.csv', size: 10 });
    await settled(store, 'inspecting');
    expect(prepareSelectors.inspection(store.getState())).toBeNull();
    reply.resolve(inspectionOf('big.csv', 10));
    await opening;
    expect(prepareSelectors.status(store.getState())).toBe('ready');
  });

  it('keeps a coded error, with its place, when main cannot read the file', async () => {
    const bridge = createFakeBridge();
    bridge.respond('files.inspect', () => {
      throw new AppError('FILE_MALFORMED', 'Unclosed quote in field 3.', { file: 'broken.csv', line: 12 });
    });
    const store = createAppStore(bridge);

    await store.getState().openFile({ name: 'broken.csv', size: 99 });

    const state = store.getState();
    expect(prepareSelectors.status(state)).toBe('error');
    expect(prepareSelectors.inspection(state)).toBeNull();
    expect(prepareSelectors.file(state)).toEqual({ name: 'broken.csv', size: 99 });
    expect(prepareSelectors.error(state)).toEqual({
      code: 'FILE_MALFORMED',
      message: 'Unclosed quote in field 3.',
      where: { file: 'broken.csv', line: 12 },
    });
  });

  it('reports a refused registration without inspecting', async () => {
    const bridge = createFakeBridge();
    bridge.registerFile = async (file) => ({
      ok: false,
      error: { code: 'FILE_UNREADABLE', message: `${file.name} cannot be read: permission denied.` },
    });
    const store = createAppStore(bridge);

    await store.getState().openFile({ name: 'locked.csv', size: 5 });

    expect(prepareSelectors.status(store.getState())).toBe('error');
    expect(prepareSelectors.error(store.getState())?.code).toBe('FILE_UNREADABLE');
    expect(bridge.calls.some((call) => call.name === 'files.inspect')).toBe(false);
  });

  it('turns a failed transport into an UNREACHABLE error with a message, not a throw', async () => {
    const bridge = createFakeBridge();
    bridge.request = async () => {
      throw new Error('socket closed');
    };
    const store = createAppStore(bridge);

    await store.getState().openFile({ name: 'a.csv', size: 1 });

    expect(prepareSelectors.error(store.getState())).toEqual({
      code: 'UNREACHABLE',
      message: 'The app did not answer: socket closed',
    });
  });

  it('shows only the latest file when an earlier inspection answers last', async () => {
    const bridge = createFakeBridge();
    const first = deferred<FileInspection>();
    bridge.respond('files.inspect', (input) => (input.fileRef === bridge.registered[0]?.fileRef ? first.promise : inspectionOf('second.csv', 2)));
    const store = createAppStore(bridge);

    const openingFirst = store.getState().openFile({ name: 'first.csv', size: 1 });
    await settled(store, 'inspecting');
    await store.getState().openFile({ name: 'second.csv', size: 2 });
    first.resolve(inspectionOf('first.csv', 1));
    await openingFirst;

    expect(prepareSelectors.status(store.getState())).toBe('ready');
    expect(prepareSelectors.inspection(store.getState())?.file.name).toBe('second.csv');
  });

  it('caps the preview at the row limit', async () => {
    const bridge = createFakeBridge();
    bridge.respond('files.inspect', () => inspectionOf('wide.csv', 1, PREVIEW_ROW_LIMIT + 20));
    const store = createAppStore(bridge);
    await store.getState().openFile({ name: 'wide.csv', size: 1 });
    expect(prepareSelectors.previewRows(store.getState())).toHaveLength(PREVIEW_ROW_LIMIT);
  });

  it('goes back to empty, and ignores a reply that arrives after', async () => {
    const bridge = createFakeBridge();
    const reply = deferred<FileInspection>();
    bridge.respond('files.inspect', () => reply.promise);
    const store = createAppStore(bridge);

    const opening = store.getState().openFile({ name: 'late.csv', size: 3 });
    await settled(store, 'inspecting');
    store.getState().clearFile();
    reply.resolve(inspectionOf('late.csv', 3));
    await opening;

    expect(prepareSelectors.status(store.getState())).toBe('empty');
    expect(prepareSelectors.file(store.getState())).toBeNull();
  });
});

describe('app slice and events', () => {
  it('loads the app info when connected', async () => {
    const bridge = createFakeBridge();
    const store = createAppStore(bridge);
    expect(appSelectors.mode(store.getState())).toBeNull();

    const disconnect = store.getState().connect();
    await expect.poll(() => appSelectors.mode(store.getState())).toBe('browser');
    expect(appSelectors.version(store.getState())).toBe('0.0.0-test');
    disconnect();
  });

  it('inspects a file that main opened (File > Open) without registering it again', async () => {
    const bridge = createFakeBridge();
    bridge.respond('files.inspect', () => inspectionOf('events.csv', 777));
    const store = createAppStore(bridge);
    const disconnect = store.getState().connect();
    const opened: RegisteredFile = { fileRef: 'f_opened000001', name: 'events.csv', size: 777 };

    bridge.emit({ type: 'file.opened', file: opened });
    expect(prepareSelectors.file(store.getState())).toEqual({ name: 'events.csv', size: 777 });
    await settled(store, 'ready');

    expect(store.getState().prepare.fileRef).toBe('f_opened000001');
    expect(prepareSelectors.inspection(store.getState())?.file.name).toBe('events.csv');
    expect(bridge.calls.filter((call) => call.name === 'files.inspect').map((call) => call.input)).toEqual([
      { fileRef: 'f_opened000001', maxRows: PREVIEW_ROW_LIMIT },
    ]);
    expect(bridge.registered).toEqual([]);
    disconnect();
  });

  it('stops listening once disconnected', () => {
    const bridge = createFakeBridge();
    const store = createAppStore(bridge);
    const disconnect = store.getState().connect();
    expect(bridge.listenerCount).toBe(1);
    disconnect();
    expect(bridge.listenerCount).toBe(0);

    bridge.emit({ type: 'file.opened', file: { fileRef: 'f_opened000002', name: 'x.csv', size: 1 } });
    expect(prepareSelectors.status(store.getState())).toBe('empty');
  });
});
