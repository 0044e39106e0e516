import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AppInfo } from '../../src-shared/ipc/contract';
import { FileRegistry } from '../../src-main/core/files/file-registry';
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

function setup() {
  const files = new FileRegistry();
  // The connection fragment is exercised in connections-handlers.test.ts; here it only completes the table.
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: dir }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
  });
  const router = createRouter(createHandlers({ files, info: () => info, connections, jobs: new JobRegistry({ emit: () => undefined }), dataDir: dir }), { logError: () => undefined });
  return { files, router };
}

describe('createHandlers through the router', () => {
  it('app.info answers what the composition root knows', async () => {
    const { router } = setup();
    expect(await router.handle('app.info', {}, ctx)).toEqual({ ok: true, value: info });
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

  it('files.inspect errors name the user\'s file, never main\'s path', async () => {
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
