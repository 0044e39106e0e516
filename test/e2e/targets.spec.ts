import type { Locator } from '@playwright/test';
import path from 'node:path';
import { expect, screenshotDir, test } from './browser-mode';

/**
 * Targets in browser mode on the built-in Local sandbox (nothing to configure): schemas with
 * their class, Profile status and identities; datasets with theirs; creating a dataset from a
 * schema and enabling it for Profile, with the irreversibility said before confirming.
 */
/** The cell of `row` under the column headed `column` in `table`. */
async function cellOf(table: Locator, row: Locator, column: string): Promise<Locator> {
  await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.indexOf(column);
  expect(index, `column ${column}`).toBeGreaterThan(0);
  // The first column is the row header; cells count from the second.
  return row.getByRole('cell').nth(index - 1);
}

test('lists schemas and datasets of the Local sandbox, creates a dataset and enables it for Profile', async ({ app: page }) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Targets', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Targets', level: 1 })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Schemas and datasets of Local sandbox (embedded emulator)');

  const schemas = page.getByRole('table', { name: 'Schemas' });
  const customers = schemas.getByRole('row', { name: 'XDM Loader Customers' });
  await expect(await cellOf(schemas, customers, 'Class')).toHaveText('Profile');
  await expect(await cellOf(schemas, customers, 'Profile')).toHaveText('Enabled');
  await expect(await cellOf(schemas, customers, 'Primary identity')).toHaveText('personalEmail.addressEmail');
  const events = schemas.getByRole('row', { name: 'XDM Loader Events' });
  await expect(await cellOf(schemas, events, 'Class')).toHaveText('ExperienceEvent');
  await expect(await cellOf(schemas, events, 'Primary identity')).toHaveText('None');

  const datasets = page.getByRole('table', { name: 'Datasets' });
  const seeded = datasets.getByRole('row', { name: 'XDM Loader Customers' });
  await expect(await cellOf(datasets, seeded, 'Profile')).toHaveText('Enabled');
  await expect(await cellOf(datasets, seeded, 'Identity')).toHaveText('Enabled');
  await expect(await cellOf(datasets, seeded, 'Class')).toHaveText('Profile');

  await customers.getByRole('button', { name: 'New dataset from XDM Loader Customers' }).click();
  const create = page.getByRole('dialog');
  await expect(create.getByRole('heading', { name: 'Create a dataset' })).toBeVisible();
  await expect(create).toContainText('Enabling cannot be undone');
  await create.getByLabel(/^Dataset name/).fill('Spring campaign contacts');
  await create.getByRole('button', { name: 'Create dataset' }).click();
  await expect(create).toHaveCount(0);
  await expect(page.getByText('Dataset created')).toBeVisible();

  const row = datasets.getByRole('row', { name: 'Spring campaign contacts' });
  await expect(await cellOf(datasets, row, 'Schema')).toHaveText('XDM Loader Customers');
  await expect(await cellOf(datasets, row, 'Profile')).toHaveText('Not enabled');

  // Cancel first: nothing changes.
  await row.getByRole('button', { name: 'Enable for Profile: Spring campaign contacts' }).click();
  let confirm = page.getByRole('alertdialog');
  await expect(confirm.getByRole('heading')).toHaveText('Enable “Spring campaign contacts” for Profile?');
  await expect(confirm).toContainText('This cannot be undone: records that reach Profile stay in customer profiles');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(await cellOf(datasets, row, 'Profile')).toHaveText('Not enabled');

  await row.getByRole('button', { name: 'Enable for Profile: Spring campaign contacts' }).click();
  confirm = page.getByRole('alertdialog');
  await confirm.getByRole('button', { name: 'Enable for Profile' }).click();
  await expect(await cellOf(datasets, row, 'Profile')).toHaveText('Enabled');
  await expect(row.getByRole('button', { name: /^Enable for Profile: / })).toHaveCount(0);
  await expect(page.getByText('Dataset enabled for Profile')).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDir, 'targets.png'), fullPage: true });

  // What was enabled stays enabled after a fresh listing.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('Dataset enabled for Profile')).toBeVisible();
  await expect(await cellOf(datasets, row, 'Profile')).toHaveText('Enabled');
});
