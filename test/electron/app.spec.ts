import type { ElectronApplication, Page } from '@playwright/test';
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Envelope, XdmBridge } from '../../src-shared/ipc/contract';
import { electronBinary, repoRoot } from './electron-binary';

/**
 * The real Electron app, built, launched with a fresh data directory.
 * Skipped only when no Electron binary is installed (checked on disk, never by running it).
 */

const executablePath = electronBinary();
const samples = path.join(repoRoot, 'assets', 'samples');

test.describe('Electron shell', () => {
  test.skip(executablePath === null, 'No Electron binary in node_modules/electron/dist (path.txt names none that exists).');
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'xdm-electron-'));
    app = await electron.launch({
      executablePath: executablePath ?? undefined,
      // The repository folder: Electron reads package.json, whose main is dist/main/main.mjs.
      args: [repoRoot],
      cwd: repoRoot,
      env: { ...process.env, XDM_LOADER_HOME: dataDir },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one window on app:// titled XDM Loader, showing Prepare', async () => {
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toMatch(/^app:\/\/xdm\//);
    await expect(page).toHaveTitle('XDM Loader');
    await expect(page.getByRole('heading', { level: 1, name: 'Prepare' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('prepare-empty.png') });
  });

  test('gives the renderer no Node, only the three bridge members', async () => {
    const globals = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      const xdm = scope['xdm'];
      return {
        require: typeof scope['require'],
        process: typeof scope['process'],
        module: typeof scope['module'],
        buffer: typeof scope['Buffer'],
        xdm: typeof xdm === 'object' && xdm !== null ? Object.keys(xdm).sort() : null,
      };
    });
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      buffer: 'undefined',
      xdm: ['onEvent', 'registerFile', 'request'],
    });
  });

  test('answers allow-listed requests and refuses others', async () => {
    const replies = await page.evaluate(async () => {
      const xdm = (globalThis as unknown as { xdm: XdmBridge }).xdm;
      const request = xdm.request as (name: string, input: unknown) => Promise<Envelope<unknown>>;
      return { info: await request('app.info', {}), unknown: await request('secrets.reveal', {}) };
    });
    expect(replies.info).toMatchObject({ ok: true, value: { mode: 'electron', dataDir } });
    expect(replies.unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
  });

  test('refuses in-memory files and new windows', async () => {
    const result = await page.evaluate(async () => {
      const xdm = (globalThis as unknown as { xdm: XdmBridge }).xdm;
      const registered = await xdm.registerFile(new File(['id\n1\n'], 'made-up.csv'));
      const opened = window.open('https://example.com/');
      return { registered, opened: opened === null };
    });
    expect(result.registered).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
    expect(result.opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('previews a file picked in the page (registerFile via webUtils.getPathForFile)', async () => {
    await page.locator('input[type="file"]').first().setInputFiles(path.join(samples, 'customers.tsv'));
    await expect(page.getByRole('heading', { level: 2, name: 'customers.tsv' })).toBeVisible({ timeout: 15_000 });
  });

  test('previews a file opened through File > Open… (main registers it, file.opened event)', async () => {
    await app.evaluate(
      ({ dialog, Menu }, filePath) => {
        // Stand in for the user choosing the file in the native dialog, then click the real item.
        Object.assign(dialog, { showOpenDialog: async () => ({ canceled: false, filePaths: [filePath] }) });
        Menu.getApplicationMenu()?.getMenuItemById('file.open')?.click();
      },
      path.join(samples, 'customers.csv'),
    );
    await expect(page.getByRole('heading', { level: 2, name: 'customers.csv' })).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: test.info().outputPath('prepare-customers.png') });
  });
});
