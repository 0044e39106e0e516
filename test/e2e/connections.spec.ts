import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { checkUsable } from './usable';
import { expect, screenshotDir, test } from './browser-mode';

/**
 * Connections in browser mode, against the embedded Local sandbox, with the real keychain
 * (`npm run test:e2e` runs Playwright under scripts/with-keyring.sh).
 * The journey: the built-in connection works with nothing typed; a connection to the emulator's
 * URL with a wrong secret fails at the token step and says why; the right secret fixes it; made
 * active, it shows in the header, red because its sandbox is named prod; then on Targets a new
 * dataset is enabled for Profile through that connection.
 */
const WRONG_SECRET = 'p8e-wrong-secret-typed-by-hand-000000';

/** The cell of `row` under the column headed `column` in `table`. */
async function cellOf(table: Locator, row: Locator, column: string): Promise<Locator> {
  await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.indexOf(column);
  expect(index, `column ${column}`).toBeGreaterThan(0);
  // The first column is the row header; cells count from the second.
  return row.getByRole('cell').nth(index - 1);
}

async function openScreen(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test("add a connection to the Local sandbox's URL, fix its secret, use it, and enable a dataset for Profile", async ({ app: page, server }) => {
  // Two dialogs checked at two window sizes with axe, and three connection tests: minutes on a busy machine.
  test.setTimeout(180_000);
  const banner = page.getByRole('banner');
  await expect(banner.getByRole('button', { name: /^Local sandbox embedded: the active connection/ })).toBeVisible();
  await openScreen(page, 'Connections');

  const list = page.getByRole('list', { name: 'Connections' });
  const local = list.getByRole('listitem', { name: 'Local sandbox' });
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('Local sandbox');
  await expect(local.getByText('Active', { exact: true })).toBeVisible();
  await expect(local).toContainText('Built in: nothing to type');
  await local.getByRole('button', { name: 'Test Local sandbox' }).click();
  await expect(local.getByRole('status').filter({ hasText: 'The connection works' })).toBeVisible();
  await expect(local.getByRole('listitem', { name: /: passed$/ })).toHaveCount(3);

  // The app started its emulator for that test; the fixture learns its URL and credentials from serve.mjs.
  const sandbox = await server.sandbox();

  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Add a connection' })).toBeVisible();
  // A keychain answers here: the form does not offer the session-only secret.
  await expect(dialog.getByText('No keychain on this computer')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Add and test' }).click();
  await expect(dialog.getByText('A name is required.')).toBeVisible();
  await dialog.getByLabel(/^Name/).fill('Emulator');
  await dialog.getByLabel(/^IMS URL/).fill(sandbox.url);
  await dialog.getByLabel(/^Platform URL/).fill(sandbox.url);
  await dialog.getByLabel(/^Streaming URL/).fill(sandbox.url);
  await expect(dialog.getByRole('button', { name: /Custom hosts/ })).toBeVisible();
  await dialog.getByLabel(/^IMS org id/).fill(sandbox.orgId);
  await dialog.getByLabel(/^Client id/).fill(sandbox.clientId);
  await dialog.getByLabel(/^Client secret/).fill(WRONG_SECRET);
  await dialog.getByLabel(/^Sandbox name/).fill(sandbox.sandboxName);
  await page.screenshot({ path: path.join(screenshotDir, 'connection-form.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Add and test' }).click();
  await expect(dialog).toHaveCount(0);

  const emulator = list.getByRole('listitem', { name: 'Emulator' });
  await expect(emulator.getByText('Saved in the keychain', { exact: true })).toBeVisible();
  await expect(emulator.getByText('Production', { exact: true })).toBeVisible();
  const failure = emulator.getByRole('alert');
  await expect(failure).toHaveText('The test failed at “Access token from Adobe IMS”');
  await expect(emulator.getByRole('listitem', { name: 'Access token from Adobe IMS: failed' })).toContainText(
    'Adobe IMS refused the client id and secret of "Emulator" (401)',
  );
  await expect(emulator.getByRole('listitem', { name: /: skipped$/ })).toHaveCount(2);
  await page.screenshot({ path: path.join(screenshotDir, 'connections-wrong-secret.png'), fullPage: true });

  // The edit dialog by keyboard: Enter opens it, Escape leaves it unchanged with the focus back on Edit.
  const edit = emulator.getByRole('button', { name: 'Edit Emulator' });
  await edit.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Edit “Emulator”' })).toBeVisible();
  const secretField = dialog.getByLabel(/^Client secret/);
  await expect(secretField).toHaveValue('');
  await expect(dialog).toContainText('A secret is saved in the keychain. Leave this empty to keep it');
  await checkUsable(page, 'connections-edit-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(edit).toBeFocused();
  await page.keyboard.press('Enter');
  await secretField.fill(sandbox.clientSecret);
  await dialog.getByRole('button', { name: 'Save and test' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(emulator.getByRole('status').filter({ hasText: 'The connection works' })).toBeVisible();
  await expect(emulator.getByRole('listitem', { name: /: passed$/ })).toHaveCount(3);

  await emulator.getByRole('button', { name: 'Use Emulator' }).click();
  await expect(emulator.getByText('Active', { exact: true })).toBeVisible();
  await expect(banner.getByRole('button', { name: /^Emulator sandbox prod: the active connection/ })).toBeVisible();
  await expect(banner.getByText('Production', { exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDir, 'connections.png'), fullPage: true });

  await openScreen(page, 'Targets');
  await expect(page.getByRole('main')).toContainText('Schemas and datasets of Emulator (sandbox prod)');
  const schemas = page.getByRole('table', { name: 'Schemas' });
  await schemas.getByRole('button', { name: 'New dataset from XDM Loader Customers' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel(/^Dataset name/).fill('Loyalty import');
  await create.getByRole('button', { name: 'Create dataset' }).click();
  await expect(create).toHaveCount(0);

  const datasets = page.getByRole('table', { name: 'Datasets' });
  const row = datasets.getByRole('row', { name: 'Loyalty import' });
  await expect(await cellOf(datasets, row, 'Profile')).toHaveText('Not enabled');
  await row.getByRole('button', { name: 'Enable for Profile: Loyalty import' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('This cannot be undone');
  await confirm.getByRole('button', { name: 'Enable for Profile' }).click();
  await expect(await cellOf(datasets, row, 'Profile')).toHaveText('Enabled');
  await expect(await cellOf(datasets, row, 'Identity')).toHaveText('Enabled');

  // Secrets are write-only: not in the page, not in any field, not in the DOM.
  const html = await page.content();
  expect(html).not.toContain(sandbox.clientSecret);
  expect(html).not.toContain(WRONG_SECRET);
});

test('deleting a connection asks first, and the built-in one cannot be deleted', async ({ app: page }) => {
  test.setTimeout(120_000);
  await openScreen(page, 'Connections');
  const list = page.getByRole('list', { name: 'Connections' });
  await expect(list.getByRole('button', { name: 'Delete Local sandbox' })).toHaveCount(0);
  await expect(list.getByRole('button', { name: 'Edit Local sandbox' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Name/).fill('Acme dev');
  await dialog.getByLabel(/^IMS org id/).fill('acme');
  await dialog.getByLabel(/^Client id/).fill('client-1');
  await dialog.getByLabel(/^Client secret/).fill('s3cret-value');
  await dialog.getByLabel(/^Sandbox name/).fill('dev');
  await dialog.getByRole('button', { name: 'Add and test' }).click();
  await expect(dialog.getByText(/an IMS org id looks like 5C1328435BF324E90A49402A@AdobeOrg/i)).toBeVisible();
  await dialog.getByLabel(/^IMS org id/).fill('5C1328435BF324E90A49402A@AdobeOrg');
  await dialog.getByRole('button', { name: 'Add and test' }).click();
  await expect(dialog).toHaveCount(0);

  const acme = list.getByRole('listitem', { name: 'Acme dev' });
  await expect(acme).toContainText('dev');
  await expect(acme.getByText('Production', { exact: true })).toHaveCount(0);
  // Asked first, by keyboard: Escape keeps the connection and gives the focus back to Delete.
  const remove = acme.getByRole('button', { name: 'Delete Acme dev' });
  await remove.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('client secret in the keychain are removed');
  await checkUsable(page, 'connections-delete-dialog');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(remove).toBeFocused();
  await expect(acme).toBeVisible();
  await acme.getByRole('button', { name: 'Delete Acme dev' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
});
