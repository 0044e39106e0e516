import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { settled } from './screens';
import { expect, repoRoot, test } from './browser-mode';
import { chooseOption, focusShows, focusedName, shiftTabTo, tabTo } from './keyboard';

/**
 * The main journey by keyboard alone: from a dropped file to an upload on the Jobs screen, every
 * control reached with Tab and used with Enter, Space or the arrows, and every control that takes
 * focus on the way shows that it has it.
 * (The focus check and the moves are in `keyboard.ts`.)
 */

test('the journey by keyboard: map, prepare, choose a dataset, preflight and upload', async ({ app: page }) => {
  test.setTimeout(240_000);
  await dropFile(page, 'customers.csv', await readFile(path.join(repoRoot, 'assets', 'samples', 'customers.csv')));
  await expect(page.getByRole('heading', { name: 'customers.csv', level: 2 })).toBeVisible({ timeout: 30_000 });

  await tabTo(page, /"Map to XDM"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Accept suggestions' })).toBeVisible({ timeout: 30_000 });
  await tabTo(page, /"Target schema"|Target schema/);
  await page.keyboard.press('Enter');
  await chooseOption(page, /XDM Loader Customers/);
  await expect(page.getByRole('button', { name: /Target schema/ })).toContainText('XDM Loader Customers');
  await tabTo(page, /"Accept suggestions"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Unmapped columns' })).toBeVisible();
  // The rules are reachable in order: the first rule's column follows "Add rule".
  await tabTo(page, /Rule 1 column/);
  // Prepare file is in the toolbar above: Shift+Tab back to it.
  for (let i = 0; i < 80 && !/"Prepare file"$/.test((await focusShows(page)).name); i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Completed')).toBeVisible({ timeout: 60_000 });

  await tabTo(page, /"Upload…"$/);
  await page.keyboard.press('Enter');
  await tabTo(page, /Dataset/);
  await page.keyboard.press('Enter');
  await chooseOption(page, /XDM Loader Customers/);
  await expect(page.getByRole('button', { name: /Dataset$/ })).toContainText('XDM Loader Customers');
  await tabTo(page, /"Run preflight"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible({ timeout: 30_000 });
  await tabTo(page, /^button "Upload"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Upload of customers.csv' })).toBeVisible();
});

test('Connections, Targets and Settings by keyboard: every control used shows its focus, and each dialog gives focus back to its opener', async ({
  app: page,
}) => {
  test.setTimeout(240_000);
  // Connections: test the built-in connection, then open "Add connection" and leave it twice.
  await tabTo(page, /^button "Connections"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();
  await tabTo(page, /^button "Test Local sandbox"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listitem', { name: 'Local sandbox' }).getByRole('status').filter({ hasText: 'The connection works' })).toBeVisible({
    timeout: 30_000,
  });
  await shiftTabTo(page, /^button "Add connection"$/);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Add a connection' })).toBeVisible();
  // The first field has focus at once, and shows it (once the dialog has stopped moving in).
  await settled(page);
  const first = await focusShows(page);
  expect(first.name).toMatch(/^input "Name/);
  expect(first.visible, 'focus shows on the Name field').toBe(true);
  await page.keyboard.type('Typed by keyboard');
  await tabTo(page, /^button ".*Hosts/);
  await page.keyboard.press('ArrowDown');
  await chooseOption(page, /Custom hosts/);
  await expect(dialog.getByRole('button', { name: /Custom hosts/ })).toBeVisible();
  // The list has closed (its fade-out too): Escape now goes to the dialog.
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await settled(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await focusedName(page)).toBe('button "Add connection"');
  await page.keyboard.press('Space');
  await expect(dialog.getByRole('heading', { name: 'Add a connection' })).toBeVisible();
  await tabTo(page, /^button "Cancel"$/);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  expect(await focusedName(page)).toBe('button "Add connection"');

  // Targets: the "New dataset" dialog of the seeded customer schema, left with Escape.
  await shiftTabTo(page, /^button "Targets"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Targets', level: 1 })).toBeVisible();
  await tabTo(page, /^button "New dataset from XDM Loader Customers"$/);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await settled(page);
  await tabTo(page, /^input "Dataset name/);
  await page.keyboard.type('Keyboard contacts');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await focusedName(page)).toBe('button "New dataset from XDM Loader Customers"');

  // Settings: the theme with the arrows, a number typed, saved with Enter.
  await shiftTabTo(page, /^button "Settings"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  const theme = page.getByRole('radiogroup', { name: 'Theme' });
  await tabTo(page, /^input "As the system"$/);
  await page.keyboard.press('ArrowDown');
  await expect(theme.getByRole('radio', { name: 'Light' })).toBeChecked();
  await settled(page);
  expect(await focusShows(page)).toEqual({ name: 'input "Light"', visible: true });
  await tabTo(page, /^input "Transfers at a time"$/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('3');
  await tabTo(page, /^button "Save"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved. New uploads use these values.' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('textbox', { name: 'Transfers at a time' })).toHaveValue('3');
  // Save turns itself off once saved: the keyboard's focus is on the note that says so, not lost to the page.
  await expect.poll(() => focusedName(page)).toBe('p "Saved. New uploads use these values."');
  await page.keyboard.press('Shift+Tab');
  expect(await focusedName(page)).toBe('input "Chunk size (MiB)"');
});
