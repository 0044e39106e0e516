import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertEntriesExist, nodeEntries, preloadEntry } from '../../scripts/build-config.mjs';

/**
 * The build stops on a missing entry file instead of skipping it: a dist/ without one worker or
 * without the preload would only fail when the app first needs that program.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const everyEntry = [...nodeEntries.map(([src]) => src), preloadEntry];
let scratch: string | undefined;

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A folder holding empty files at the given repository paths. */
function treeWith(files: string[]): string {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'xdm-build-entries-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    writeFileSync(path.join(scratch, file), '');
  }
  return scratch;
}

describe('build entries', () => {
  it('all exist in the repository', () => {
    expect(() => assertEntriesExist(repoRoot)).not.toThrow();
  });

  it('stop the build naming the one entry that is missing', () => {
    for (const missing of [preloadEntry, 'src-main/core/jobs/upload/upload-worker.ts']) {
      const root = treeWith(everyEntry.filter((src) => src !== missing));
      expect(() => assertEntriesExist(root)).toThrow(`Entry files listed in scripts/build.mjs are missing: ${missing}.`);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
