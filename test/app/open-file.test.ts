import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent, RegisteredFile } from '../../src-shared/ipc/contract';
import { fileArgument } from '../../src-main/app/launch-args';
import type { AppMenuOptions } from '../../src-main/app/menu';
import { buildAppMenu, menuIds } from '../../src-main/app/menu';
import type { OpenFileServices } from '../../src-main/app/open-file';
import { openFileAtPath } from '../../src-main/app/open-file';
import { isOpenableFileName } from '../../src-main/app/openable-files';
import type { FakeMenuItem } from './fake-electron';
import { dialog, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const dir = mkdtempSync(path.join(tmpdir(), 'xdm-open-file-'));
const csv = path.join(dir, 'customers.csv');
writeFileSync(csv, 'id\n1\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => resetFakeElectron());

function fakeServices(): OpenFileServices & { emitted: AppEvent[] } {
  const emitted: AppEvent[] = [];
  return {
    emitted,
    files: {
      async register(filePath): Promise<RegisteredFile> {
        return { fileRef: 'f_abcdefgh12345678', name: path.basename(filePath), size: 5 };
      },
    },
    events: { emit: (event) => emitted.push(event) },
  };
}

describe('opening a file main chose', () => {
  it('registers it and emits file.opened', async () => {
    const services = fakeServices();
    const file = await openFileAtPath(services, csv);
    expect(file.name).toBe('customers.csv');
    expect(services.emitted).toEqual([{ type: 'file.opened', file }]);
  });

  it('emits nothing for a missing file or a folder', async () => {
    const services = fakeServices();
    await expect(openFileAtPath(services, path.join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(openFileAtPath(services, dir)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(services.emitted).toEqual([]);
  });
});

describe('file paths on the command line', () => {
  it('takes the last data-file argument, resolved against the working directory', () => {
    expect(fileArgument(['/opt/XDM Loader/xdm-loader', 'customers.csv'], '/home/u')).toBe(path.resolve('/home/u', 'customers.csv'));
    expect(fileArgument(['/usr/bin/electron', '/work/main', '--no-sandbox', 'a.parquet', '/data/b.NDJSON'], '/x')).toBe(path.resolve('/data/b.NDJSON'));
  });

  it('ignores the executable, the app folder, switches and other files', () => {
    expect(fileArgument(['/usr/bin/electron', '/work/main', '--inspect=0', '--remote-debugging-port=0'], '/x')).toBeNull();
    expect(fileArgument(['/tmp/thing.csv'], '/x')).toBeNull();
    expect(fileArgument(['/usr/bin/electron', '/work/main/dist/main/main.mjs', 'notes.pdf'], '/x')).toBeNull();
    expect(fileArgument(['/usr/bin/electron', '--file=/tmp/a.csv'], '/x')).toBeNull();
  });

  it('knows the dialog’s extensions', () => {
    for (const name of ['a.csv', 'a.TSV', 'a.json', 'a.jsonl', 'a.ndjson', 'a.parquet']) expect(isOpenableFileName(name), name).toBe(true);
    for (const name of ['a.pdf', 'a', 'csv', 'a.csv.exe']) expect(isOpenableFileName(name), name).toBe(false);
  });
});

describe('application menu', () => {
  function menu(options: Partial<AppMenuOptions> = {}): FakeMenuItem[] {
    const built = buildAppMenu({
      isPackaged: false,
      getWindow: () => null,
      openFile: async () => undefined,
      ...options,
    }) as unknown as { template: FakeMenuItem[] };
    return built.template;
  }
  const flatten = (items: FakeMenuItem[]): FakeMenuItem[] => items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
  const find = (items: FakeMenuItem[], id: string) => flatten(items).find((item) => item.id === id);

  it('has File, Edit, View and Help', () => {
    const top = menu().map((item) => item.label ?? item.role);
    expect(top).toEqual(expect.arrayContaining(['&File', 'editMenu', '&View', 'help']));
  });

  it('offers developer tools only in development builds', () => {
    const roles = (items: FakeMenuItem[]) => flatten(items).map((item) => item.role);
    expect(roles(menu({ isPackaged: false }))).toContain('toggleDevTools');
    expect(roles(menu({ isPackaged: true }))).not.toContain('toggleDevTools');
    expect(roles(menu({ isPackaged: true }))).not.toContain('forceReload');
  });

  it('File > Open… asks for a data file with filters, then opens the chosen path', async () => {
    const opened: string[] = [];
    const items = menu({ openFile: async (filePath) => opened.push(filePath) });
    dialog.openResult = { canceled: false, filePaths: [csv] };
    find(items, menuIds.openFile)?.click?.();
    await vi.waitFor(() => expect(opened).toEqual([csv]));
    const [options] = dialog.openCalls[0] as [{ properties: string[]; filters: Array<{ extensions: string[] }> }];
    expect(options.properties).toEqual(['openFile']);
    const extensions = options.filters.flatMap((filter) => filter.extensions);
    expect(extensions).toEqual(expect.arrayContaining(['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'parquet']));
  });

  it('File > Open… does nothing when cancelled and explains a file it cannot open', async () => {
    const opened: string[] = [];
    dialog.openResult = { canceled: true, filePaths: [] };
    find(menu({ openFile: async (filePath) => opened.push(filePath) }), menuIds.openFile)?.click?.();
    await vi.waitFor(() => expect(dialog.openCalls).toHaveLength(1));
    expect(opened).toEqual([]);

    dialog.openResult = { canceled: false, filePaths: [dir] };
    const failing = menu({ openFile: (filePath) => openFileAtPath(fakeServices(), filePath) });
    find(failing, menuIds.openFile)?.click?.();
    await vi.waitFor(() => expect(dialog.messages).toHaveLength(1));
    expect(dialog.messages[0]?.[0]).toMatchObject({ type: 'warning', detail: expect.stringContaining('not a regular file') });
  });
});
