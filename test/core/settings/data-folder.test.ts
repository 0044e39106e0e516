import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveDataFolder } from '../../../src-main/core/settings/data-dir';
import { createDataFolderSettings } from '../../../src-main/core/settings/data-folder-choice';
import { dataFolderInUse, holdDataFolder } from '../../../src-main/core/settings/data-folder-lock';
import { POINTER_FILE, readPointer } from '../../../src-main/core/settings/data-folder-pointer';

/**
 * The data folder chosen on the Settings screen: the order a start follows (XDM_LOADER_HOME, the
 * pointer in the default folder, the default), a broken pointer falling back with its reason, the
 * copy of the data at the first start after a change (whole or not at all, the old folder left as
 * it was), and the checks a choice passes (absolute, outside, empty, writable, no job running).
 */
const root = mkdtempSync(path.join(tmpdir(), 'xdm-data-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
let env: { HOME: string; XDG_CONFIG_HOME: string };
let defaultDir: string;
beforeEach(() => {
  n += 1;
  const config = path.join(root, `config-${n}`);
  env = { HOME: path.join(root, `home-${n}`), XDG_CONFIG_HOME: config };
  defaultDir = path.join(config, 'xdm-loader');
});

const logs: string[] = [];
const log = (message: string) => logs.push(message);
const pointerTo = (content: unknown) => {
  mkdirSync(defaultDir, { recursive: true });
  writeFileSync(path.join(defaultDir, POINTER_FILE), typeof content === 'string' ? content : JSON.stringify(content));
};

/** A data folder as a steward's would be: settings, a job's journal (40 days old), the window's profile. */
function someData(dir: string): void {
  mkdirSync(path.join(dir, 'jobs', 'upload-a'), { recursive: true });
  mkdirSync(path.join(dir, 'electron'), { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), '{"version":1,"connections":[],"preferences":{}}\n');
  writeFileSync(path.join(dir, 'jobs', 'upload-a', 'journal.jsonl'), '{"t":"run"}\n');
  writeFileSync(path.join(dir, 'electron', 'Cookies'), 'chromium');
  const old = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  utimesSync(path.join(dir, 'jobs', 'upload-a', 'journal.jsonl'), old, old);
  utimesSync(path.join(dir, 'jobs', 'upload-a'), old, old);
}

describe('which data folder a start uses', () => {
  it('XDM_LOADER_HOME, then the pointer, then the default', () => {
    const chosen = path.join(root, `chosen-${n}`);
    expect(resolveDataFolder(env, 'linux', log)).toEqual({ dir: defaultDir, source: 'default', defaultDir });
    pointerTo({ version: 1, dataDir: chosen });
    expect(resolveDataFolder(env, 'linux', log)).toEqual({ dir: chosen, source: 'pointer', defaultDir });
    expect(existsSync(chosen)).toBe(true);
    const home = path.join(root, `env-${n}`);
    expect(resolveDataFolder({ ...env, XDM_LOADER_HOME: home }, 'linux', log)).toEqual({ dir: home, source: 'env', defaultDir });
  });

  it('a broken pointer falls back to the default, with the reason logged', () => {
    for (const [content, reason] of [
      ['{ not json', /is not JSON/],
      [{ version: 1, dataDir: 'relative/folder' }, /dataDir must be an absolute path/],
      [{ version: 2, dataDir: '/x' }, /version/],
      [{ version: 1, dataDir: '/x', extra: true }, /Unrecognized key/],
    ] as const) {
      logs.length = 0;
      pointerTo(content);
      const folder = resolveDataFolder(env, 'linux', log);
      expect(folder).toMatchObject({ dir: defaultDir, source: 'default', problem: expect.stringMatching(reason) });
      expect(logs).toEqual([expect.stringMatching(reason)]);
      expect(logs[0]).toContain(path.join(defaultDir, POINTER_FILE));
    }
  });

  it('copies the old folder’s data into the chosen one at the first start, keeps the old one, and then follows the pointer alone', () => {
    someData(defaultDir);
    const chosen = path.join(root, `chosen-${n}`);
    pointerTo({ version: 1, dataDir: chosen, copyFrom: defaultDir });
    expect(resolveDataFolder(env, 'linux', log)).toEqual({ dir: chosen, source: 'pointer', defaultDir });
    expect(readFileSync(path.join(chosen, 'settings.json'), 'utf8')).toContain('"connections"');
    // Times kept: retention must not take every copied job for a new one.
    for (const kept of [path.join('jobs', 'upload-a', 'journal.jsonl'), path.join('jobs', 'upload-a')]) {
      expect(statSync(path.join(chosen, kept)).mtimeMs).toBe(statSync(path.join(defaultDir, kept)).mtimeMs);
    }
    // Neither the pointer nor the window's profile is copied; the old folder keeps everything.
    expect(readdirSync(chosen).sort()).toEqual(['.copied-from', 'jobs', 'settings.json']);
    expect(existsSync(path.join(defaultDir, 'settings.json'))).toBe(true);
    expect(readPointer(defaultDir)).toEqual({ pointer: { version: 1, dataDir: chosen } });
    // The next start copies nothing again.
    writeFileSync(path.join(chosen, 'settings.json'), 'changed since');
    expect(resolveDataFolder(env, 'linux', log).dir).toBe(chosen);
    expect(readFileSync(path.join(chosen, 'settings.json'), 'utf8')).toBe('changed since');
  });

  it('a copy that cannot finish leaves no half-filled folder, keeps the old folder in use and the pointer for the next start', () => {
    someData(defaultDir);
    // A named pipe cannot be copied: the copy stops after the files before it.
    const pipe = path.join(defaultDir, 'jobs', 'zz-pipe');
    execFileSync('mkfifo', [pipe]);
    const parent = path.join(root, `parent-${n}`);
    mkdirSync(parent);
    const chosen = path.join(parent, 'data');
    pointerTo({ version: 1, dataDir: chosen, copyFrom: defaultDir });
    logs.length = 0;
    const folder = resolveDataFolder(env, 'linux', log);
    expect(folder).toMatchObject({ dir: defaultDir, source: 'default', problem: expect.stringContaining(`could not be copied into ${chosen}`) });
    expect(logs).toHaveLength(1);
    expect(readdirSync(parent)).toEqual([]);
    expect(readPointer(defaultDir)).toEqual({ pointer: { version: 1, dataDir: chosen, copyFrom: defaultDir } });
    // Once the cause is gone, the next start copies.
    rmSync(pipe);
    expect(resolveDataFolder(env, 'linux', log).dir).toBe(chosen);
    expect(existsSync(path.join(chosen, 'jobs', 'upload-a', 'journal.jsonl'))).toBe(true);
  });

  it('waits to copy while another XDM Loader uses the old folder (the app not restarted yet, a command)', () => {
    someData(defaultDir);
    const chosen = path.join(root, `waiting-${n}`);
    pointerTo({ version: 1, dataDir: chosen, copyFrom: defaultDir });
    const release = holdDataFolder(defaultDir);
    logs.length = 0;
    try {
      expect(resolveDataFolder(env, 'linux', log)).toMatchObject({ dir: defaultDir, problem: expect.stringContaining('no other XDM Loader') });
      expect(logs).toHaveLength(1);
      expect(existsSync(chosen)).toBe(false);
    } finally {
      release();
    }
    // A lock file nobody can hold (not a database) does not stop the copy.
    writeFileSync(path.join(defaultDir, 'in-use.lock'), 'not a database');
    expect(resolveDataFolder(env, 'linux', log).dir).toBe(chosen);
    expect(existsSync(path.join(chosen, 'settings.json'))).toBe(true);
    expect(existsSync(path.join(chosen, 'in-use.lock'))).toBe(false);
  });

  it('a folder held by a caller that keeps no handle (a command, for its whole run) stays held through a garbage collection', () => {
    const dir = path.join(root, `held-${n}`);
    holdDataFolder(dir);
    // Collected, the lock's connection would close and the folder would read as free: force it.
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    expect(dataFolderInUse(dir)).toBe(true);
  });

  it('never copies into a folder that is not empty', () => {
    someData(defaultDir);
    const chosen = path.join(root, `full-${n}`);
    mkdirSync(chosen);
    writeFileSync(path.join(chosen, 'theirs.txt'), 'someone else’s');
    pointerTo({ version: 1, dataDir: chosen, copyFrom: defaultDir });
    expect(resolveDataFolder(env, 'linux', log)).toMatchObject({ dir: defaultDir, problem: expect.stringContaining('is not empty') });
    expect(readdirSync(chosen)).toEqual(['theirs.txt']);
  });
});

describe('choosing the data folder', () => {
  const settings = (running = 0) => createDataFolderSettings({ folder: resolveDataFolder(env, 'linux', log), runningJobs: () => running });

  it('records a new folder for the next start, with the copy from the current one; “Use the default” takes it back', async () => {
    const chosen = path.join(root, `new-${n}`, 'data');
    const choice = settings();
    expect(choice.view()).toEqual({ current: defaultDir, source: 'default', defaultDir, next: null, copyFrom: null });
    expect(await choice.choose(chosen)).toEqual({ current: defaultDir, source: 'default', defaultDir, next: chosen, copyFrom: defaultDir });
    // Made and written to (the probe is gone), still empty, and nothing copied yet.
    expect(readdirSync(chosen)).toEqual([]);
    expect(readPointer(defaultDir)).toEqual({ pointer: { version: 1, dataDir: chosen, copyFrom: defaultDir } });
    expect(choice.useDefault()).toMatchObject({ next: null, copyFrom: null });
    expect(existsSync(path.join(defaultDir, POINTER_FILE))).toBe(false);
  });

  it('refuses a relative path, the folder itself, one inside it, a file, a folder not empty or not writable, and any change while a job runs', async () => {
    const choice = settings();
    const refused = (folder: string) =>
      choice.choose(folder).then(
        () => 'accepted',
        (e: { code: string; message: string }) => `${e.code} ${e.message}`,
      );
    expect(await refused('data/elsewhere')).toMatch(/^INVALID_INPUT .*not an absolute path/);
    expect(await refused(path.join(defaultDir, 'jobs', 'x'))).toMatch(/^INVALID_INPUT .*inside the data folder/);
    const file = path.join(root, `file-${n}`);
    writeFileSync(file, 'x');
    expect(await refused(file)).toMatch(/^INVALID_INPUT .*is a file/);
    const full = path.join(root, `full-${n}`);
    mkdirSync(full);
    writeFileSync(path.join(full, 'a'), 'a');
    expect(await refused(full)).toMatch(/^INVALID_INPUT .*is not empty/);
    // Under a file: no folder can be made there (a read-only folder would not stop root, who runs CI).
    expect(await refused(path.join(file, 'data'))).toMatch(/^INVALID_INPUT XDM Loader cannot write in/);
    expect(existsSync(path.join(defaultDir, POINTER_FILE))).toBe(false);

    await expect(settings(2).choose(path.join(root, `later-${n}`))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^2 jobs are running/),
    });
    expect(() => settings(1).useDefault()).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('is not changeable while XDM_LOADER_HOME is set, and says so', async () => {
    const folder = resolveDataFolder({ ...env, XDM_LOADER_HOME: path.join(root, `env-${n}`) }, 'linux', log);
    const choice = createDataFolderSettings({ folder, runningJobs: () => 0 });
    expect(choice.view()).toMatchObject({ source: 'env', next: null });
    await expect(choice.choose(path.join(root, `x-${n}`))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('XDM_LOADER_HOME is set'),
    });
  });
});
