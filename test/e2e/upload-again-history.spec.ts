import { dropFile } from './drop';
import { nav } from './screens';
import { checkUsable } from './usable';
import { expect, test } from './browser-mode';

/**
 * Issue 16's History, in browser mode on the Local sandbox: an upload sent again as a new batch
 * shares its job folder (and journal) with the first, and is still a row of its own in History,
 * with its own batch.
 */

function records(): Buffer {
  const people = ['again1@example.com', 'again2@example.com'].map((address) => ({ personalEmail: { address }, person: { name: { firstName: 'Again' } } }));
  return Buffer.from(`${people.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

test('an upload sent again is a second row in History, with a batch id of its own', async ({ app: page }) => {
  test.setTimeout(180_000);
  await dropFile(page, 'twice.jsonl', records());
  await page.getByRole('button', { name: 'Upload as is' }).click();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  const profile = page.getByRole('switch', { name: 'Send to Real-Time Customer Profile' });
  if (await profile.isChecked()) await profile.click();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const cards = page.getByRole('article', { name: 'Upload of twice.jsonl' });
  await expect(cards.first().getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
  await cards.first().getByRole('button', { name: 'Upload again as a new batch' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Upload again', exact: true }).click();
  await expect(cards).toHaveCount(2);
  await expect(cards.first().getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });

  await nav(page, 'Jobs').click();
  const history = page.getByRole('table', { name: 'Upload history' });
  const rows = history.getByRole('row').filter({ hasText: 'twice.jsonl' });
  await expect(rows).toHaveCount(2, { timeout: 30_000 });
  const batchIds = await rows.locator('code').allTextContents();
  expect(batchIds).toHaveLength(2);
  expect(new Set(batchIds).size).toBe(2);
  for (const row of await rows.all()) {
    await expect(row).toContainText('Succeeded');
    await expect(row).toContainText('2 written');
  }
  await checkUsable(page, 'jobs-history-sent-again');
});
