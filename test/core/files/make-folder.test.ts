import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFolder } from '../../../src-main/core/files/make-folder';

describe('makeFolder', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'make-folder-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates every missing level with the mode asked for (a private folder stays private)', async () => {
    const dir = path.join(root, 'a', 'b');
    await makeFolder(dir, { mode: 0o700 });
    for (const level of [path.join(root, 'a'), dir]) expect((await stat(level)).mode & 0o777).toBe(0o700);
    await makeFolder(dir, { mode: 0o700 });
  });
});
