import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * electron-builder.yml checked for what the design requires (targets per OS, the keychain's
 * libsecret dependency, hardened runtime, fuses, what ships) and validated against the schema
 * electron-builder itself uses, so a misspelt key fails here rather than at release time.
 */

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: string[];
  asarUnpack?: string[];
  extraResources?: { from: string; to: string }[];
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; category?: string; icon?: string };
  deb?: { depends?: string[] };
  mac?: { target?: string[]; hardenedRuntime?: boolean; entitlements?: string; entitlementsInherit?: string; category?: string };
  win?: { target?: string[] };
}

const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const config = parse(text) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib’s scheme.json', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
    // The schema is strict about keys: prove a misspelt one is caught.
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } })).toBe(false);
  });

  it('names the app', () => {
    expect(config.productName).toBe('XDM Loader');
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBeTruthy();
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.category).toMatch(/^public\.app-category\./);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('makes the deb depend on libsecret (the OS keychain) and Electron’s usual libraries', () => {
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libsecret-1-0', 'libgtk-3-0', 'libnss3', 'libnotify4', 'xdg-utils']));
  });

  it('signs macOS builds with the hardened runtime and the minimal entitlements', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe('assets/entitlements.mac.plist');
    const plist = readFileSync(path.join(root, 'assets/entitlements.mac.plist'), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('sets every fuse the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the build and the manifest, and unpacks the native modules from the asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
    const unpack = config.asarUnpack ?? [];
    expect(unpack.some((p) => p.includes('better-sqlite3') && p.endsWith('.node'))).toBe(true);
    expect(unpack.some((p) => p.includes('@napi-rs/keyring') && p.endsWith('.node'))).toBe(true);
    expect(unpack).toContain('dist/workers/**');
  });

  it('ships the standard XDM schemas where core and the sandbox look for them', () => {
    expect(config.extraResources).toContainEqual({ from: 'assets/xdm', to: 'assets/xdm' });
    expect(existsSync(path.join(root, 'assets/xdm/components'))).toBe(true);
  });

  it('has a 512x512 PNG icon', () => {
    const png = readFileSync(path.join(root, config.linux?.icon ?? 'assets/icons/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('points package.json main at the Electron bundle the build writes', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
    expect(pkg.main).toBe('dist/main/main.mjs');
  });
});
