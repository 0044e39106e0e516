import type { Page } from '@playwright/test';
import { dropFile } from './drop';
import { fullScreenshot, nav } from './screens';
import { expect, test } from './browser-mode';

/**
 * The Batches screen after uploads made in this window, in browser mode on the Local sandbox.
 * Why: the list was read once and stayed as it was until Refresh, so a steward who uploaded and
 * then looked at Batches saw none of the new batches (issue 13). A finished upload now marks its
 * connection's batches stale, and the screen reads them again when it is opened.
 */

const DATASET = 'XDM Loader Customers';

/** `count` customer records in XDM already, each address starting with `prefix`. */
function customers(prefix: string, count: number): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({
    personalEmail: { address: `${prefix}${i + 1}@example.com` },
    person: { name: { firstName: `${prefix}${i + 1}` } },
  }));
  return Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/** Uploads `body` as `fileName` as is into the customer dataset, and waits on the Jobs screen until its batch succeeded. */
async function uploadAsIs(page: Page, fileName: string, body: Buffer): Promise<void> {
  await nav(page, 'Prepare').click();
  await dropFile(page, fileName, body);
  await page.getByRole('button', { name: 'Upload as is' }).click();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: new RegExp(DATASET) }).click();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  const card = page.getByRole('article', { name: `Upload of ${fileName}` });
  await expect(card.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
}

test('lists the batches of two uploads made in this window when Batches is opened, without Refresh', async ({ app: page }) => {
  test.setTimeout(180_000);
  // The list is read first, before the uploads: what used to stay on screen.
  await nav(page, 'Batches').click();
  await page.getByRole('button', { name: /Dataset/ }).click();
  await page.getByRole('option', { name: new RegExp(DATASET) }).click();
  const table = page.getByRole('table', { name: 'Batches' });
  await expect(page.getByText('No batch has been sent to this dataset yet.').or(table)).toBeVisible();
  const before = await table.getByRole('row').count();

  await uploadAsIs(page, 'first-contacts.jsonl', customers('first', 3));
  await uploadAsIs(page, 'second-contacts.jsonl', customers('second', 2));

  await nav(page, 'Batches').click();
  await expect(page.getByRole('heading', { name: 'Batches', level: 1 })).toBeVisible();
  // The same dataset is still chosen, and both new batches are listed; no Refresh was pressed.
  await expect(page.getByRole('button', { name: /Dataset/ })).toContainText(DATASET);
  await expect(table.getByRole('row').filter({ hasText: 'first-contacts.jsonl' })).toContainText('Success');
  await expect(table.getByRole('row').filter({ hasText: 'second-contacts.jsonl' })).toContainText('Success');
  await expect(table.getByRole('row')).toHaveCount(Math.max(before, 1) + 2);
  await fullScreenshot(page, 'batches-after-uploads.png');
});
