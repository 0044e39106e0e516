import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/domain/errors';
import { FileRef } from '../../../src-shared/ipc/contract';
import { FileRegistry, uploadOrigin } from '../../../src-main/core/files/file-registry';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xdm-registry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectAppError(promiseOrFn: Promise<unknown> | (() => unknown), code: string): Promise<AppError> {
  try {
    if (typeof promiseOrFn === 'function') promiseOrFn();
    else await promiseOrFn;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    return error as AppError;
  }
  throw new Error(`expected an AppError ${code}`);
}

describe('FileRegistry', () => {
  it('registers a file under a random, contract-valid reference and resolves it', async () => {
    const file = path.join(dir, 'people.csv');
    await writeFile(file, 'id,name\n1,Ada\n');
    const registry = new FileRegistry();
    const registered = await registry.register(file);
    expect(FileRef.safeParse(registered.fileRef).success).toBe(true);
    expect(registered).toMatchObject({ name: 'people.csv', size: 14 });
    expect(registry.resolve(registered.fileRef)).toEqual({ path: file, name: 'people.csv', size: 14, origin: file });
  });

  it('knows a copy by the origin it is given (a browser upload), not by its own path', async () => {
    const copy = path.join(dir, 'u-1');
    await writeFile(copy, 'id\n1\n');
    const registry = new FileRegistry();
    const { fileRef } = await registry.register(copy, 'people.csv', { origin: uploadOrigin('people.csv') });
    expect(registry.resolve(fileRef)).toMatchObject({ path: copy, name: 'people.csv', origin: 'upload:people.csv' });
  });

  it('issues a different reference each time, even for the same file', async () => {
    const file = path.join(dir, 'a.csv');
    await writeFile(file, 'x\n');
    const registry = new FileRegistry();
    const refs = new Set<string>();
    for (let i = 0; i < 50; i += 1) refs.add((await registry.register(file)).fileRef);
    expect(refs.size).toBe(50);
    for (const ref of refs) expect(ref).toMatch(/^f_[A-Za-z0-9_-]{24}$/);
  });

  it('keeps the display name the user knows the file by', async () => {
    const file = path.join(dir, 'upload-tmp');
    await writeFile(file, 'a');
    const registry = new FileRegistry();
    const registered = await registry.register(file, 'Customers 2024.csv');
    expect(registered.name).toBe('Customers 2024.csv');
    expect(registry.resolve(registered.fileRef).name).toBe('Customers 2024.csv');
  });

  it('refuses missing files and folders with FILE_UNREADABLE naming the file', async () => {
    const registry = new FileRegistry();
    const missing = await expectAppError(registry.register(path.join(dir, 'nope.csv')), 'FILE_UNREADABLE');
    expect(missing.where).toEqual({ file: 'nope.csv' });
    expect(missing.message).toContain('does not exist');
    await expectAppError(registry.register(dir, 'folder'), 'FILE_UNREADABLE');
    expect(registry.size).toBe(0);
  });

  it('answers an unknown or forgotten reference with NOT_FOUND', async () => {
    const file = path.join(dir, 'a.csv');
    await writeFile(file, 'x\n');
    const registry = new FileRegistry();
    await expectAppError(() => registry.resolve('f_neverissued123'), 'NOT_FOUND');
    const { fileRef } = await registry.register(file);
    expect(registry.forget(fileRef)).toBe(true);
    const error = await expectAppError(() => registry.resolve(fileRef), 'NOT_FOUND');
    expect(error.where).toEqual({ field: 'fileRef' });
  });
});
