import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { nav } from './screens';
import { checkUsable, graveViolations } from './usable';
import { expect, repoRoot, test } from './browser-mode';

/**
 * Every screen and dialog, usable in a small window and a common one, and accessible (issue 16,
 * item 7). Each is checked where a steward meets it, with real content: at 1024×700 and 1440×900
 * (screenshots kept under test-results/screenshots/usable/), no control cut off, no region
 * scrolling sideways that should not, rule rows and table cells at a readable width, and no
 * serious or critical axe-core violation.
 */

const samples = path.join(repoRoot, 'assets', 'samples');

async function open(page: Page, screen: string): Promise<void> {
  await nav(page, screen).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

test('Connections and Targets, with their dialogs', async ({ app: page }) => {
  test.setTimeout(420_000);
  await open(page, 'Connections');
  await expect(page.getByRole('listitem', { name: 'Local sandbox' })).toBeVisible();
  await checkUsable(page, 'connections');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await checkUsable(page, 'connections-add-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await open(page, 'Targets');
  const schemas = page.getByRole('table', { name: 'Schemas' });
  await expect(schemas.getByRole('row', { name: 'XDM Loader Customers' })).toBeVisible();
  await checkUsable(page, 'targets');
  await schemas.getByRole('button', { name: 'New dataset from XDM Loader Customers' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel(/^Dataset name/).fill('Spring campaign contacts');
  await checkUsable(page, 'targets-new-dataset-dialog');
  await create.getByRole('button', { name: 'Create dataset' }).click();
  await expect(create).toHaveCount(0);
  const row = page.getByRole('table', { name: 'Datasets' }).getByRole('row', { name: 'Spring campaign contacts' });
  await row.getByRole('button', { name: 'Enable for Profile: Spring campaign contacts' }).click();
  await checkUsable(page, 'targets-enable-dialog');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
});

test('the journey: File, Map, Prepare, Upload, Jobs, Batches, batch detail and Profiles', async ({ app: page }) => {
  // Eleven screens at two sizes with axe, and an upload followed to Profile: minutes on a busy machine.
  test.setTimeout(600_000);
  await checkUsable(page, 'prepare-empty');
  await dropFile(page, 'customers.csv', await readFile(path.join(samples, 'customers.csv')));
  await expect(page.getByRole('heading', { name: 'customers.csv', level: 2 })).toBeVisible({ timeout: 30_000 });
  await checkUsable(page, 'file');

  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await page.getByRole('button', { name: /Target schema/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await page.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(page.getByRole('listitem', { name: 'Rule 1', exact: true })).toBeVisible();
  await checkUsable(page, 'map');
  await page.getByRole('button', { name: 'Save mapping…' }).click();
  await checkUsable(page, 'map-save-dialog');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Cancel|Close/ })
    .click();

  await page.getByRole('button', { name: 'Prepare file' }).click();
  await expect(page.getByText('Completed')).toBeVisible({ timeout: 60_000 });
  await checkUsable(page, 'prepare');

  await page.getByRole('button', { name: 'Upload…' }).click();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('list', { name: 'Preflight checks' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Ready to upload|checks failed/ })).toBeVisible({ timeout: 30_000 });
  await checkUsable(page, 'upload');
  await page.getByRole('button', { name: 'Upload', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  const card = page.getByRole('article', { name: 'Upload of customers.csv' });
  await expect(card.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 90_000 });
  await expect(
    card.getByRole('region', { name: 'Confirmation in Profile of customers.csv' }).getByRole('status').filter({ hasText: 'Found in Profile' }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await checkUsable(page, 'jobs');

  await open(page, 'Batches');
  await page.getByRole('button', { name: /Dataset/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  const batches = page.getByRole('table', { name: 'Batches' });
  await expect(batches.getByRole('row')).not.toHaveCount(1);
  await checkUsable(page, 'batches');
  await batches
    .getByRole('button', { name: /^Open batch / })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: /^Batch /, level: 2 })).toBeVisible();
  await checkUsable(page, 'batch-detail');

  await open(page, 'Profiles');
  await page.getByRole('textbox', { name: 'Identity value' }).fill('yuki.nowak1@example.com');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('table', { name: 'Identities' })).toBeVisible({ timeout: 20_000 });
  await checkUsable(page, 'profiles');
});

test('the axe check still finds a serious violation and a critical one', async ({ page }) => {
  // Why: it runs axe in its quickest mode (usable.ts); were a rule or a violation lost on the
  // way, every screen above would pass unseen. No server needed: a page of two known faults.
  await page.setContent('<html lang="en"><title>faults</title><main><p style="color:#bbb;background:#fff">Faint text</p><button></button></main></html>');
  const grave = await graveViolations(page);
  // Each line: the rule first, where last.
  expect(grave.map((line) => [line.split(' ')[0], line.split(' at ').pop()])).toEqual([
    ['button-name', 'button'],
    ['color-contrast', 'p'],
  ]);
});
