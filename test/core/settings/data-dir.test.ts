import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirPath, resolveDataDir } from '../../../src-main/core/settings/data-dir';

const home = mkdtempSync(path.join(tmpdir(), 'xdm-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('data folder location', () => {
  it('XDM_LOADER_HOME wins on every platform', () => {
    const env = { XDM_LOADER_HOME: '/srv/xdm', HOME: '/home/ann', APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' };
    expect(dataDirPath(env, 'linux')).toBe('/srv/xdm');
    expect(dataDirPath(env, 'darwin')).toBe('/srv/xdm');
  });

  it('an empty XDM_LOADER_HOME counts as unset', () => {
    expect(dataDirPath({ XDM_LOADER_HOME: '', HOME: '/home/ann' }, 'linux')).toBe('/home/ann/.config/xdm-loader');
  });

  it('Linux: $XDG_CONFIG_HOME/xdm-loader, else ~/.config/xdm-loader; a relative XDG_CONFIG_HOME is ignored', () => {
    expect(dataDirPath({ HOME: '/home/ann', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/xdm-loader');
    expect(dataDirPath({ HOME: '/home/ann' }, 'linux')).toBe('/home/ann/.config/xdm-loader');
    expect(dataDirPath({ HOME: '/home/ann', XDG_CONFIG_HOME: 'cfg' }, 'linux')).toBe('/home/ann/.config/xdm-loader');
  });

  it('macOS: ~/Library/Application Support/XDM Loader', () => {
    expect(dataDirPath({ HOME: '/Users/ann' }, 'darwin')).toBe('/Users/ann/Library/Application Support/XDM Loader');
  });

  it('Windows: %APPDATA%\\XDM Loader, else under %USERPROFILE%', () => {
    expect(dataDirPath({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32')).toBe('C:\\Users\\ann\\AppData\\Roaming\\XDM Loader');
    expect(dataDirPath({ USERPROFILE: 'C:\\Users\\ann' }, 'win32')).toBe('C:\\Users\\ann\\AppData\\Roaming\\XDM Loader');
  });
});

describe('resolveDataDir', () => {
  it('creates the folder and returns it', () => {
    const dir = resolveDataDir({ HOME: home }, 'linux');
    expect(dir).toBe(path.join(home, '.config', 'xdm-loader'));
    expect(existsSync(dir)).toBe(true);
    expect(resolveDataDir({ HOME: home }, 'linux')).toBe(dir);
  });

  it('creates an XDM_LOADER_HOME that does not exist yet', () => {
    const dir = path.join(home, 'custom', 'nested');
    expect(resolveDataDir({ XDM_LOADER_HOME: dir }, 'linux')).toBe(dir);
    expect(existsSync(dir)).toBe(true);
  });

  it('fails with a coded error when the folder cannot be created', () => {
    const blocker = path.join(home, 'a-file');
    writeFileSync(blocker, 'x');
    expect(() => resolveDataDir({ XDM_LOADER_HOME: path.join(blocker, 'sub') }, 'linux')).toThrow(
      expect.objectContaining({ code: 'FILE_UNREADABLE', message: expect.stringContaining('Cannot create the data folder') }),
    );
  });
});
