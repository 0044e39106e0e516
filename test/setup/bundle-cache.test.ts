import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleCache } from './bundle-for-run';

/**
 * The global setups' bundles are kept between runs (bundle-for-run.ts): these tests make a small
 * bundle of two files and check when it is built again.
 */

let dir: string;
let disposers: (() => Promise<void>)[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xdm-bundle-cache-'));
  disposers = [];
  await writeFile(path.join(dir, 'entry.ts'), "import { word } from './word';\nconsole.log(word);\n");
  await writeFile(path.join(dir, 'word.ts'), "export const word = 'first';\n");
});

afterEach(async () => {
  await Promise.all(disposers.map((dispose) => dispose()));
  await rm(dir, { recursive: true, force: true });
});

const outfile = (): string => path.join(dir, 'out', 'entry.mjs');

function cacheOf(extra: Partial<BuildOptions> = {}): ReturnType<typeof bundleCache> {
  const options: BuildOptions = {
    absWorkingDir: dir,
    entryPoints: ['entry.ts'],
    outfile: outfile(),
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    ...extra,
  };
  const cache = bundleCache(path.join(dir, 'out'), [options]);
  disposers.push(cache.dispose);
  return cache;
}

describe('the bundles kept between test runs', () => {
  it('are built on the first run and not again while no input changes, even by a new run', async () => {
    expect(await cacheOf().update()).toBe(true);
    expect(await readFile(outfile(), 'utf8')).toContain('first');
    const built = (await stat(outfile())).mtimeMs;
    expect(await cacheOf().update()).toBe(false);
    const cache = cacheOf();
    expect(await cache.update()).toBe(false);
    expect(await cache.update()).toBe(false);
    expect((await stat(outfile())).mtimeMs).toBe(built);
  });

  it('are built again when a file the bundle imports changes, with its new content', async () => {
    const cache = cacheOf();
    await cache.update();
    await writeFile(path.join(dir, 'word.ts'), "export const word = 'second';\n");
    expect(await cache.update()).toBe(true);
    expect(await readFile(outfile(), 'utf8')).toContain('second');
    expect(await cacheOf().update()).toBe(false);
  });

  it('are built again when an output is gone, or the options differ', async () => {
    await cacheOf().update();
    await rm(outfile());
    expect(await cacheOf().update()).toBe(true);
    expect(await readFile(outfile(), 'utf8')).toContain('first');
    expect(await cacheOf({ minify: true }).update()).toBe(true);
  });

  it('are built again when the stamp is not one', async () => {
    await cacheOf().update();
    await writeFile(path.join(dir, 'out', 'stamp.json'), '{"key": 1}');
    expect(await cacheOf().update()).toBe(true);
  });
});
