import type { Download, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { fullScreenshot } from './screens';
import { checkUsable } from './usable';
import { expect, repoRoot, test } from './browser-mode';

/**
 * Results within reach (issue 16, item 4), in browser mode: the prepare summary's rejects.csv and
 * parts download from the host, and a finished upload can be sent again as a new batch, after a
 * plain warning about duplicates.
 */

const samples = path.join(repoRoot, 'assets', 'samples');

async function text(download: Download): Promise<string> {
  const file = await download.path();
  return readFile(file, 'utf8');
}

/** customers.csv with two birth dates that are no dates, mapped with the suggestions and prepared. */
async function prepareWithRejects(page: Page): Promise<void> {
  const lines = (await readFile(path.join(samples, 'customers.csv'), 'utf8')).split('\n');
  for (const line of [3, 50]) lines[line] = (lines[line] as string).replace(/,(\d{4}-\d{2}-\d{2}),/, ',31/02/1980,');
  await dropFile(page, 'customers-with-errors.csv', Buffer.from(lines.join('\n')));
  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await page.getByRole('button', { name: /Target schema/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await page.getByRole('button', { name: 'Accept suggestions' }).click();
  await page.getByRole('button', { name: 'Prepare file' }).click();
  await expect(page.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Prepare summary')).toContainText('Rows rejected2');
}

test('the prepare summary downloads rejects.csv and each part; a finished upload is sent again as a new batch', async ({ app: page }) => {
  test.setTimeout(240_000);
  await prepareWithRejects(page);

  // rejects.csv, whole, as the job wrote it: the two bad rows with their reasons.
  let waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download rejects.csv' }).click();
  let download = await waiting;
  expect(download.suggestedFilename()).toBe('rejects.csv');
  const rejects = await text(download);
  expect(rejects.split('\n').filter((l) => l.includes('31/02/1980'))).toHaveLength(2);
  expect(rejects).toContain('invalid-date');

  // A part: XDM records, one JSON object a line.
  const parts = page.getByRole('table', { name: 'Parts' });
  waiting = page.waitForEvent('download');
  await parts.getByRole('button', { name: 'Download part-00001.json' }).click();
  download = await waiting;
  expect(download.suggestedFilename()).toBe('part-00001.json');
  const records = (await text(download)).trim().split('\n');
  expect(records.length).toBeGreaterThan(100);
  expect(JSON.parse(records[0] as string)).toHaveProperty('person');
  // Browser mode offers files, not the folder (it may be on another machine).
  await expect(page.getByRole('button', { name: /Show in folder/ })).toHaveCount(0);
  await checkUsable(page, 'prepare-summary-results');

  // Upload to the seeded dataset, Profile off (the point here is the batch, not the profile).
  await page.getByRole('button', { name: 'Upload…' }).click();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  const profile = page.getByRole('switch', { name: 'Send to Real-Time Customer Profile' });
  if (await profile.isChecked()) await profile.click();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const first = page.getByRole('article', { name: 'Upload of customers-with-errors.csv' });
  await expect(first.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
  const firstBatch = (await first.getByRole('table', { name: 'Batches' }).getByRole('rowheader').first().textContent())?.trim();
  expect(firstBatch).toBeTruthy();

  // Again, after the warning: "Keep one copy" sends nothing.
  await first.getByRole('button', { name: 'Upload again as a new batch' }).click();
  let dialog = page.getByRole('alertdialog');
  await expect(dialog.getByRole('heading')).toHaveText('Upload customers-with-errors.csv again?');
  await expect(dialog).toContainText('will then be in the dataset twice');
  await checkUsable(page, 'jobs-upload-again-dialog');
  await dialog.getByRole('button', { name: 'Keep one copy' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('article', { name: 'Upload of customers-with-errors.csv' })).toHaveCount(1);

  await first.getByRole('button', { name: 'Upload again as a new batch' }).click();
  dialog = page.getByRole('alertdialog');
  await dialog.getByRole('button', { name: 'Upload again', exact: true }).click();
  const cards = page.getByRole('article', { name: 'Upload of customers-with-errors.csv' });
  await expect(cards).toHaveCount(2);
  const second = cards.first();
  await expect(second.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
  // A new batch, not the earlier one reported again.
  const secondBatch = (await second.getByRole('table', { name: 'Batches' }).getByRole('rowheader').first().textContent())?.trim();
  expect(secondBatch).toBeTruthy();
  expect(secondBatch).not.toBe(firstBatch);
  await expect(second).not.toContainText('nothing was sent again');
  await fullScreenshot(page, 'jobs-uploaded-again.png');

  // The duplicate is reverted from its batch, after a confirmation, and the outcome is said.
  await second.getByRole('link', { name: 'All batches of this dataset' }).click();
  await expect(page.getByRole('heading', { name: 'Batches', level: 1 })).toBeVisible();
  await page
    .getByRole('table', { name: 'Batches' })
    .getByRole('button', { name: `Open batch ${secondBatch}` })
    .click();
  await expect(page.getByRole('heading', { name: `Batch ${secondBatch}`, level: 2 })).toBeVisible();
  await page.getByRole('button', { name: 'Revert batch…' }).click();
  dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('298 records of batch');
  await expect(dialog).toContainText('cannot be restored');
  await checkUsable(page, 'batches-revert-dialog');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByText('Ingested: its records are in the dataset.')).toBeVisible();
  await page.getByRole('button', { name: 'Revert batch…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revert batch' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Reverted: its records are no longer in the dataset or in Profile.' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText('It was ingested, then reverted')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Revert batch…' })).toHaveCount(0);
  await checkUsable(page, 'batches-reverted');

  // The list, filtered by status (Catalog's `status`) and by the day of creation.
  await page.getByRole('button', { name: 'All batches' }).click();
  const table = page.getByRole('table', { name: 'Batches' });
  await expect(table.getByRole('row', { name: firstBatch })).toBeVisible();
  await expect(table.getByRole('row', { name: secondBatch })).toBeVisible();
  await page.getByRole('button', { name: /Status/ }).click();
  await page.getByRole('option', { name: 'Reverted' }).click();
  await expect(table.getByRole('row', { name: firstBatch })).toHaveCount(0);
  await expect(table.getByRole('row', { name: secondBatch })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Older batches' })).toBeDisabled();
  await checkUsable(page, 'batches-filtered');
  await page.getByRole('button', { name: /Status/ }).click();
  await page.getByRole('option', { name: 'Success' }).click();
  await expect(table.getByRole('row', { name: firstBatch })).toBeVisible();
  await expect(table.getByRole('row', { name: secondBatch })).toHaveCount(0);
  // Created before today: none of this test's batches.
  await page.getByRole('button', { name: 'Clear filter' }).click();
  const yesterday = new Date(Date.now() - 86_400_000);
  const day = `${String(yesterday.getMonth() + 1).padStart(2, '0')}${String(yesterday.getDate()).padStart(2, '0')}${yesterday.getFullYear()}`;
  // Typed as a steward would: the segments move on by themselves, from the first day to the last.
  await page.getByRole('group', { name: 'Created between' }).getByRole('spinbutton').first().click();
  await page.keyboard.type(`${day}${day}`);
  await expect(page.getByText('No batch of this dataset matches the filter.')).toBeVisible();
});
