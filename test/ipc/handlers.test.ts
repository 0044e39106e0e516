import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AppInfo } from '../../src-shared/ipc/contract';
import type { FileDraft } from '../../src-shared/ipc/requests/drafts';
import { FileRegistry, uploadOrigin } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers, withUserFileName } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';

const info: AppInfo = { name: 'XDM Loader', version: '1.0.0', mode: 'electron', platform: 'linux', dataDir: '/data' };
const ctx: RequestContext = { transport: 'electron' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xdm-handlers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(openExternal?: (url: string) => Promise<void>) {
  const files = new FileRegistry();
  // The connection fragment is exercised in connections-handlers.test.ts; here it only completes the table.
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: dir }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
  });
  const router = createRouter(
    createHandlers({
      files,
      info: () => info,
      connections,
      jobs: new JobRegistry({ emit: () => undefined }),
      dataDir: dir,
      ...(openExternal ? { openExternal } : {}),
    }),
    { logError: () => undefined },
  );
  return { files, router };
}

describe('createHandlers through the router', () => {
  it('app.info answers what the composition root knows', async () => {
    const { router } = setup();
    expect(await router.handle('app.info', {}, ctx)).toEqual({ ok: true, value: info });
  });

  it("help.openDocs opens the term's page on experienceleague.adobe.com in the system browser, and only a known term", async () => {
    const opened: string[] = [];
    const { router } = setup(async (url) => {
      opened.push(url);
    });
    expect(await router.handle('help.openDocs', { term: 'identity-namespace' }, ctx)).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toEqual(['https://experienceleague.adobe.com/en/docs/experience-platform/identity/features/namespaces']);
    // An address is never taken from the renderer: only a term of the table.
    expect(await router.handle('help.openDocs', { term: 'https://example.com' }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(opened).toHaveLength(1);
    // Browser mode has no system browser to hand it to: the page's own link opens it.
    expect(await setup().router.handle('help.openDocs', { term: 'class' }, ctx)).toEqual({ ok: true, value: { opened: false } });
  });

  it('files.inspect inspects the registered file and names it as the user knows it', async () => {
    const { files, router } = setup();
    const file = path.join(dir, 'tmp-upload-123');
    await writeFile(file, 'id,email,joined\n1,ada@example.com,2024-01-02\n2,bob@example.com,2024-03-04\n');
    const { fileRef } = await files.register(file, 'people.csv');
    const reply = await router.handle('files.inspect', { fileRef, maxRows: 1 }, ctx);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as { file: { name: string }; format: string; columns: { name: string }[]; rows: unknown[] };
    expect(value.file.name).toBe('people.csv');
    expect(value.format).toBe('csv');
    expect(value.columns.map((column) => column.name)).toEqual(['id', 'email', 'joined']);
    expect(value.rows).toHaveLength(1);
  });

  it("files.inspect errors name the user's file, never main's path", async () => {
    const { files, router } = setup();
    const file = path.join(dir, 'secret-temp-name.csv');
    await writeFile(file, '');
    const { fileRef } = await files.register(file, 'empty.csv');
    const reply = await router.handle('files.inspect', { fileRef }, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'FILE_EMPTY', where: { file: 'empty.csv' } } });
    expect(JSON.stringify(reply)).not.toContain(dir);
    expect(JSON.stringify(reply)).not.toContain('secret-temp-name');
  });

  it('files.inspect on an unknown reference is NOT_FOUND on the fileRef field', async () => {
    const { router } = setup();
    const reply = await router.handle('files.inspect', { fileRef: 'f_neverissued123' }, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', where: { field: 'fileRef' } } });
  });
});

const draft: FileDraft = {
  schema: { kind: 'standard', id: 'profile' },
  rules: [{ source: { kind: 'column', column: 'email' }, destination: 'personalEmail.address' }],
  identities: [],
  outputFormat: 'json',
  step: 'map',
};

describe('drafts and recent files through the router', () => {
  it('keeps a draft per file and content: found for the same file, changed once it is edited', async () => {
    const { files, router } = setup();
    const file = path.join(dir, 'people.csv');
    await writeFile(file, 'email\nada@example.com\n');
    const { fileRef } = await files.register(file);
    expect(await router.handle('drafts.get', { fileRef }, ctx)).toEqual({ ok: true, value: { status: 'none' } });
    expect(await router.handle('drafts.save', { fileRef, draft }, ctx)).toMatchObject({ ok: true });

    // The same file, opened again (a new reference, as after a reload or a restart).
    const again = await files.register(file);
    expect(await router.handle('drafts.get', { fileRef: again.fileRef }, ctx)).toMatchObject({ ok: true, value: { status: 'found', draft } });

    await writeFile(file, 'email\nbob@example.com\n');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const edited = await files.register(file);
    expect(await router.handle('drafts.get', { fileRef: edited.fileRef }, ctx)).toMatchObject({ ok: true, value: { status: 'changed', draft } });

    expect(await router.handle('drafts.discard', { fileRef: edited.fileRef }, ctx)).toEqual({ ok: true, value: { discarded: true } });
    expect(await router.handle('drafts.get', { fileRef: edited.fileRef }, ctx)).toEqual({ ok: true, value: { status: 'none' } });
  });

  it('finds the draft of a file dropped again in the browser: same name, same content and time, another copy', async () => {
    const { files, router } = setup();
    const time = new Date('2025-02-03T04:05:06.789Z');
    const copies = [path.join(dir, 'u-1'), path.join(dir, 'u-2')];
    for (const copy of copies) {
      await writeFile(copy, 'email\nada@example.com\n');
      await utimes(copy, time, time);
    }
    const first = await files.register(copies[0] ?? '', 'people.csv', { origin: uploadOrigin('people.csv') });
    await router.handle('drafts.save', { fileRef: first.fileRef, draft }, ctx);
    const second = await files.register(copies[1] ?? '', 'people.csv', { origin: uploadOrigin('people.csv') });
    expect(await router.handle('drafts.get', { fileRef: second.fileRef }, ctx)).toMatchObject({ ok: true, value: { status: 'found' } });
  });

  it('lists an inspected file among the recent ones, without its path, and opens it again', async () => {
    const { files, router } = setup();
    const file = path.join(dir, 'people.csv');
    await writeFile(file, 'email\nada@example.com\n');
    const { fileRef } = await files.register(file);
    expect(await router.handle('files.recent', {}, ctx)).toEqual({ ok: true, value: [] });
    expect((await router.handle('files.inspect', { fileRef }, ctx)).ok).toBe(true);

    const listed = await router.handle('files.recent', {}, ctx);
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'people.csv', size: 22 }] });
    expect(JSON.stringify(listed)).not.toContain(dir);
    if (!listed.ok) return;
    const id = (listed.value as Array<{ id: string }>)[0]?.id ?? '';
    const opened = await router.handle('files.openRecent', { id }, ctx);
    expect(opened).toMatchObject({ ok: true, value: { name: 'people.csv', size: 22 } });
    if (opened.ok) expect(files.resolve((opened.value as { fileRef: string }).fileRef).path).toBe(file);

    // Gone since: no longer listed, and its id no longer opens anything.
    await rm(file);
    expect(await router.handle('files.recent', {}, ctx)).toEqual({ ok: true, value: [] });
    expect(await router.handle('files.openRecent', { id }, ctx)).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
    expect(await router.handle('files.openRecent', { id: 'r_000000000000000000000000' }, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('withUserFileName', () => {
  it('replaces the path in the message and the file in where', () => {
    const error = new AppError('FILE_UNREADABLE', '/tmp/u/x.csv: cannot be read (EIO: /tmp/u/x.csv)', { file: '/tmp/u/x.csv', line: 2 });
    const rewritten = withUserFileName(error, '/tmp/u/x.csv', 'x.csv') as AppError;
    expect(rewritten.toShape()).toEqual({ code: 'FILE_UNREADABLE', message: 'x.csv: cannot be read (EIO: x.csv)', where: { file: 'x.csv', line: 2 } });
  });

  it('leaves other errors alone', () => {
    const error = new Error('boom /tmp/u/x.csv');
    expect(withUserFileName(error, '/tmp/u/x.csv', 'x.csv')).toBe(error);
  });
});
