import type { Page } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_AEP_SCOPES } from '../../src-shared/platform/connection';
import { expect, test } from './browser-mode';
import { nav } from './screens';
import { checkUsable } from './usable';

/**
 * The Settings screen (issue 16, item 6), in browser mode: the theme applies at once and is kept,
 * the data folder is shown, retention and a new upload's defaults are saved within their ranges
 * and kept, and (on a computer without a keychain) a secret held for the session only makes a
 * connection usable, said plainly to be forgotten when the app closes.
 */

/** Opens the app afresh (the same URL alone would only move to its fragment), as after a restart of the window. */
async function reopen(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Prepare', level: 1 })).toBeVisible();
}

async function openSettings(page: Page): Promise<void> {
  await nav(page, 'Settings').click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

/** Whether the screen's title is drawn light on dark: the theme in force, as a steward sees it. */
async function titleIsLight(page: Page): Promise<boolean> {
  const rgb = await page.getByRole('heading', { name: 'Settings', level: 1 }).evaluate((h) => getComputedStyle(h).color);
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (r + g + b) / 3 > 160;
}

test('theme, data folder, retention and upload defaults: applied at once, validated, kept', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  await openSettings(page);
  const dataFolder = page.getByRole('region', { name: 'Data folder' });
  await expect(dataFolder.getByText(`In use: ${server.home}`, { exact: true })).toBeVisible();
  // Started with XDM_LOADER_HOME: it wins over a folder chosen here, and the screen says so.
  await expect(dataFolder.getByRole('note')).toContainText('XDM_LOADER_HOME');
  await expect(dataFolder.getByRole('button', { name: 'Change…' })).toHaveCount(0);
  const theme = page.getByRole('radiogroup', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: 'As the system' })).toBeChecked();
  await checkUsable(page, 'settings');

  // Dark at once, and still dark when the page is opened again.
  expect(await titleIsLight(page)).toBe(false);
  await theme.getByRole('radio', { name: 'Dark' }).click();
  await expect.poll(() => titleIsLight(page)).toBe(true);
  await checkUsable(page, 'settings-dark');

  // Retention and a new upload's defaults, within their ranges: 99 transfers is held to 32.
  const transfers = page.getByRole('textbox', { name: 'Transfers at a time' });
  await transfers.fill('99');
  await transfers.blur();
  await expect(transfers).toHaveValue('32');
  await transfers.fill('2');
  await page.getByRole('textbox', { name: 'Chunk size (MiB)' }).fill('8');
  await page.getByRole('textbox', { name: 'Keep finished job folders (days)' }).fill('7');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved. New uploads use these values.' })).toBeVisible();

  await reopen(page, server.url);
  await openSettings(page);
  expect(await titleIsLight(page)).toBe(true);
  await expect(page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Transfers at a time' })).toHaveValue('2');
  await expect(page.getByRole('textbox', { name: 'Chunk size (MiB)' })).toHaveValue('8');
  await expect(page.getByRole('textbox', { name: 'Keep finished job folders (days)' })).toHaveValue('7');
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).click();
  await expect.poll(() => titleIsLight(page)).toBe(false);
});

test.describe('in the default data folder', () => {
  test.use({ dataFolderBy: 'default' });

  test('another data folder: checked by main, pending until a restart, then in use with the data copied; the default again', async ({ app: page, server }) => {
    test.setTimeout(180_000);
    const chosen = path.join(path.dirname(server.home), 'chosen', 'data');
    await openSettings(page);
    const section = page.getByRole('region', { name: 'Data folder' });
    await expect(section.getByText(`In use: ${server.home}`, { exact: true })).toBeVisible();
    await expect(section).toContainText('copied there at that start, not moved');
    // Something to find in the new folder after the restart: a setting kept in the settings file.
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => titleIsLight(page)).toBe(true);

    await section.getByRole('button', { name: 'Change…' }).click();
    const field = section.getByRole('textbox', { name: 'New data folder' });
    await field.fill('relative/data');
    await section.getByRole('button', { name: 'Use this folder' }).click();
    await expect(section.getByRole('alert')).toContainText('is not an absolute path');
    await field.fill(path.join(server.home, 'jobs', 'inside'));
    await section.getByRole('button', { name: 'Use this folder' }).click();
    await expect(section.getByRole('alert')).toContainText('is inside the data folder');
    await field.fill(chosen);
    await checkUsable(page, 'settings-data-folder-typed');
    await section.getByRole('button', { name: 'Use this folder' }).click();
    const pending = section.getByRole('status', { name: 'Pending data folder' });
    await expect(pending).toContainText(`After a restart, XDM Loader uses ${chosen}`);
    await expect(pending).toContainText(`copies the data`);
    await expect(pending).toContainText(`from ${server.home}`);
    // Still working in the old folder until then.
    await expect(section.getByText(`In use: ${server.home}`, { exact: true })).toBeVisible();
    await checkUsable(page, 'settings-data-folder-pending');

    // The host restarts (the page closed first, as its socket would only retry): it follows the
    // pointer, copies the data, and works in the new folder.
    await page.goto('about:blank');
    const restarted = await server.restart();
    await reopen(page, restarted.url);
    await openSettings(page);
    await expect(section.getByText(`In use: ${chosen}`, { exact: true })).toBeVisible();
    await expect(section.getByRole('status', { name: 'Pending data folder' })).toHaveCount(0);
    expect(await titleIsLight(page)).toBe(true);
    expect(JSON.parse(await readFile(path.join(chosen, 'settings.json'), 'utf8'))).toMatchObject({ preferences: { app: { theme: 'dark' } } });

    await section.getByRole('button', { name: 'Use the default' }).click();
    await expect(section.getByRole('status', { name: 'Pending data folder' })).toContainText(`After a restart, XDM Loader uses ${server.home} again`);
  });
});

test.describe('without a keychain', () => {
  test.use({ serverEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xdm-loader-e2e-bus' } });

  test('a secret held for this session only makes a connection usable, and says it is forgotten on close', async ({ app: page, server }) => {
    test.setTimeout(180_000);
    // The Local sandbox starts on its first use: testing it starts it, and tells its URL and credentials.
    await nav(page, 'Connections').click();
    await page.getByRole('button', { name: 'Test Local sandbox' }).click();
    const sandbox = await server.sandbox();
    // A connection to the Local sandbox's URL, kept without a secret: there is no keychain to keep one
    // (as `xdm-loader connection add` leaves it, or a settings file brought from another machine).
    const connection = {
      id: 'c_emulator1',
      kind: 'aep',
      name: 'Emulator',
      imsUrl: sandbox.url,
      platformUrl: sandbox.url,
      streamingUrl: sandbox.url,
      orgId: sandbox.orgId,
      clientId: sandbox.clientId,
      sandboxName: sandbox.sandboxName,
      scopes: [...DEFAULT_AEP_SCOPES],
    };
    await writeFile(path.join(server.home, 'settings.json'), JSON.stringify({ version: 1, connections: [connection], preferences: {} }));
    await reopen(page, server.url);
    await nav(page, 'Connections').click();
    const card = page.getByRole('list', { name: 'Connections' }).getByRole('listitem', { name: 'Emulator' });
    await expect(card.getByText('Keychain unavailable', { exact: true })).toBeVisible();

    await openSettings(page);
    const section = page.getByRole('region', { name: 'Secret for this session only' });
    await expect(section).toContainText('It is forgotten when the app closes');
    await section.getByRole('button', { name: /Connection/ }).click();
    await page.getByRole('option', { name: 'Emulator' }).click();
    await section.getByLabel('Client secret').fill(sandbox.clientSecret);
    await checkUsable(page, 'settings-session-secret');
    await section.getByRole('button', { name: 'Hold for this session' }).click();
    await expect(section.getByRole('status')).toHaveText('Held for this session: “Emulator” uses it until XDM Loader closes.');
    await expect(section.getByLabel('Client secret')).toHaveValue('');

    // The connection now authenticates with it: its test passes at IMS.
    await nav(page, 'Connections').click();
    await expect(card.getByText('Held for this session only', { exact: true })).toBeVisible();
    await card.getByRole('button', { name: 'Test Emulator' }).click();
    await expect(card.getByRole('listitem', { name: 'Access token from Adobe IMS: passed' })).toBeVisible({ timeout: 30_000 });
  });
});
