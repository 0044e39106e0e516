import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import type { Handlers } from '../../src-shared/ipc/handlers';
import { createRouter, formatPath, INTERNAL_MESSAGE } from '../../src-main/ipc/router';
import { unhandledRequests } from './unhandled-requests';

interface Ctx {
  user: string;
}

const info = { name: 'XDM Loader', version: '1.2.3', mode: 'browser', platform: 'linux', dataDir: '/data' } as const;

const inspection: FileInspection = {
  file: { name: 'people.csv', size: 12 },
  format: 'csv',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  hasHeader: true,
  lineEnding: 'lf',
  columns: [{ name: 'id', type: 'integer', emptyRatio: 0 }],
  rows: [[1]],
  totalRows: null,
  bytesRead: 12,
  warnings: [],
};

function table(overrides: Partial<Handlers<Ctx>> = {}): Handlers<Ctx> {
  return {
    ...unhandledRequests<Ctx>(),
    'app.info': async () => ({ ...info }),
    'files.inspect': async () => inspection,
    ...overrides,
  };
}

const ctx: Ctx = { user: 'test' };
const quiet = { logError: () => undefined };

describe('createRouter', () => {
  it('answers an unknown request name with UNKNOWN_REQUEST', async () => {
    const router = createRouter(table(), quiet);
    const reply = await router.handle('files.delete', {}, ctx);
    expect(reply).toEqual({ ok: false, error: { code: 'UNKNOWN_REQUEST', message: expect.stringContaining('files.delete') } });
    const nonString = await router.handle(42, {}, ctx);
    expect(nonString.ok).toBe(false);
    if (!nonString.ok) expect(nonString.error.code).toBe('UNKNOWN_REQUEST');
  });

  it('does not treat inherited object keys as request names', async () => {
    const router = createRouter(table(), quiet);
    for (const name of ['toString', '__proto__', 'constructor']) {
      const reply = await router.handle(name, {}, ctx);
      expect(reply.ok ? 'ok' : reply.error.code).toBe('UNKNOWN_REQUEST');
    }
  });

  it('refuses an input nested 100,000 levels deep with INVALID_INPUT, before any handler overflows the stack on it', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    // As mapping.save does: the mapping's free-form `app` object is serialised.
    const save = vi.fn(async (input: { mapping: unknown }) => {
      JSON.stringify(input.mapping);
      return { saved: { name: 'm', format: 'xdm-loader' as const, modifiedAt: '' }, content: '', fileName: 'm.json', warnings: [] };
    });
    const router = createRouter(table({ 'mapping.save': save }), quiet);
    const reply = await router.handle('mapping.save', { name: 'm', mapping: { version: 1, rules: [], identities: [], app: deep } }, ctx);
    expect(reply).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request input is nested deeper than 136 levels (objects and arrays).' } });
    expect(save).not.toHaveBeenCalled();
    // A cycle (structured clone carries them over Electron IPC) ends the walk too.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((await router.handle('app.info', cyclic, ctx)).ok).toBe(false);
  });

  it('refuses bad input with INVALID_INPUT naming the failing field', async () => {
    const handler = vi.fn(async () => inspection);
    const router = createRouter(table({ 'files.inspect': handler }), quiet);

    const badRef = await router.handle('files.inspect', { fileRef: 42 }, ctx);
    expect(badRef.ok).toBe(false);
    if (!badRef.ok) {
      expect(badRef.error.code).toBe('INVALID_INPUT');
      expect(badRef.error.where).toEqual({ field: 'fileRef' });
      expect(badRef.error.message).toMatch(/^fileRef: .*string/i);
    }

    const badRows = await router.handle('files.inspect', { fileRef: 'f_abcdefgh12', maxRows: 5000 }, ctx);
    expect(badRows.ok ? null : badRows.error.where).toEqual({ field: 'maxRows' });

    const extraKey = await router.handle('files.inspect', { fileRef: 'f_abcdefgh12', path: '/etc/passwd' }, ctx);
    expect(extraKey.ok ? null : extraKey.error.where).toEqual({ field: 'path' });

    const notObject = await router.handle('app.info', 'hello', ctx);
    expect(notObject.ok ? null : notObject.error.code).toBe('INVALID_INPUT');
    expect(notObject.ok ? null : notObject.error.where).toBeUndefined();

    expect(handler).not.toHaveBeenCalled();
  });

  it('passes parsed input (defaults applied) and the context to the handler', async () => {
    const handler = vi.fn(async () => inspection);
    const router = createRouter(table({ 'files.inspect': handler }), quiet);
    const reply = await router.handle('files.inspect', { fileRef: 'f_abcdefgh12' }, ctx);
    expect(reply).toEqual({ ok: true, value: inspection });
    expect(handler).toHaveBeenCalledWith({ fileRef: 'f_abcdefgh12', maxRows: 100 }, ctx);
  });

  it('maps an AppError to its code, message and place', async () => {
    const router = createRouter(
      table({
        'files.inspect': async () => {
          throw new AppError('FILE_MALFORMED', 'Unclosed quote on line 7.', { file: 'people.csv', line: 7 });
        },
      }),
      quiet,
    );
    const reply = await router.handle('files.inspect', { fileRef: 'f_abcdefgh12' }, ctx);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'FILE_MALFORMED', message: 'Unclosed quote on line 7.', where: { file: 'people.csv', line: 7 } },
    });
  });

  it('turns any other error into INTERNAL without its message or stack, and logs it', async () => {
    const logError = vi.fn();
    const boom = new Error('ENOENT /home/alice/secret/path.csv');
    const router = createRouter(
      table({
        'app.info': async () => {
          throw boom;
        },
      }),
      { logError },
    );
    const reply = await router.handle('app.info', {}, ctx);
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } });
    const serialized = JSON.stringify(reply);
    expect(serialized).not.toContain('secret');
    expect(serialized).not.toContain('router.test');
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('app.info'), boom);
  });

  it('checks handler output against the contract unless told not to', async () => {
    const wrong = table({ 'app.info': async () => ({ ...info, mode: 'kiosk' }) as unknown as typeof info });
    const logError = vi.fn();
    const checked = await createRouter(wrong, { logError }).handle('app.info', {}, ctx);
    expect(checked.ok ? null : checked.error.code).toBe('INTERNAL');
    expect(logError).toHaveBeenCalledOnce();

    const unchecked = await createRouter(wrong, { validateOutput: false, logError }).handle('app.info', {}, ctx);
    expect(unchecked).toEqual({ ok: true, value: { ...info, mode: 'kiosk' } });
  });

  it('formats input paths with dots and indices', () => {
    expect(formatPath(['rows', 0, 'name'])).toBe('rows[0].name');
    expect(formatPath([])).toBe('');
  });

  it('requires a handler for every request in the contract (checked by tsc)', () => {
    // @ts-expect-error 'files.inspect' is missing: a table without every handler does not compile.
    const incomplete: Handlers<Ctx> = { 'app.info': async () => ({ ...info }) };
    expect(Object.keys(incomplete)).toEqual(['app.info']);
  });
});
