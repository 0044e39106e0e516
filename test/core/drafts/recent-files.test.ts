import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { createRecentFiles } from '../../../src-main/core/drafts/recent-files';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xdm-recent-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function userFile(name: string): Promise<{ origin: string; path: string; name: string; size: number }> {
  const file = path.join(dir, name);
  await writeFile(file, 'a\n1\n');
  return { origin: file, path: file, name, size: 4 };
}

describe('recent files', () => {
  it('lists the last ten that still exist, newest first, once each, without paths', async () => {
    const recent = createRecentFiles({ file: path.join(dir, 'recent-files.json'), logger: silentLogger });
    const files = [];
    for (let i = 0; i < 13; i++) files.push(await userFile(`f${i}.csv`));
    for (const f of files) await recent.add(f);
    await recent.add(files[5]!);
    await rm(files[12]!.path);

    const listed = await recent.list();
    expect(listed.map((f) => f.name)).toEqual(['f5.csv', 'f11.csv', 'f10.csv', 'f9.csv', 'f8.csv', 'f7.csv', 'f6.csv', 'f4.csv', 'f3.csv', 'f2.csv']);
    expect(JSON.stringify(listed)).not.toContain(dir);
    // The id names the entry main keeps, with its path.
    expect((await recent.find(listed[0]!.id))?.path).toBe(files[5]!.path);
    expect(await recent.find('r_000000000000000000000000')).toBeNull();
  });

  it('keeps both of two files opened at the same time', async () => {
    const recent = createRecentFiles({ file: path.join(dir, 'recent-files.json'), logger: silentLogger });
    const [a, b] = [await userFile('a.csv'), await userFile('b.csv')];
    await Promise.all([recent.add(a), recent.add(b)]);
    expect((await recent.list()).map((f) => f.name).sort()).toEqual(['a.csv', 'b.csv']);
  });

  it('starts empty, with a log line, from a damaged list', async () => {
    const file = path.join(dir, 'recent-files.json');
    await writeFile(file, '[oops');
    const warnings: string[] = [];
    const recent = createRecentFiles({ file, logger: { ...silentLogger, warn: (m) => void warnings.push(m) } });
    expect(await recent.list()).toEqual([]);
    expect(warnings).toEqual(['recent files ignored: not JSON']);
    await recent.add(await userFile('a.csv'));
    expect(JSON.parse(await readFile(file, 'utf8')).files).toHaveLength(1);
  });
});
