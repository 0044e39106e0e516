import type { Page } from '@playwright/test';
import { dropFile } from './drop';
import { fullScreenshot, nav } from './screens';
import { type EmbeddedSandboxInfo, expect, test } from './browser-mode';
import { aepHeaders } from './sandbox-api';

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

/** Creates `count` batches in the dataset named `name` through the sandbox's Batch Ingestion API, one after another. */
async function seedBatches(sandbox: EmbeddedSandboxInfo, name: string, count: number): Promise<string[]> {
  const headers = { ...(await aepHeaders(sandbox)), 'content-type': 'application/json' };
  const listed = await fetch(`${sandbox.url}/data/foundation/catalog/dataSets?properties=name`, { headers });
  const datasets = (await listed.json()) as Record<string, { name: string }>;
  const datasetId = Object.entries(datasets).find(([, d]) => d.name === name)?.[0];
  if (!datasetId) throw new Error(`no dataset ${name} in the Local sandbox`);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const reply = await fetch(`${sandbox.url}/data/foundation/import/batches`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ datasetId, inputFormat: { format: 'json' } }),
    });
    expect(reply.status).toBe(201);
    ids.push(((await reply.json()) as { id: string }).id);
  }
  return ids;
}

/** The batch ids of the table's rows, in order. */
async function rowIds(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Batches' }).getByRole('row');
  return (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('aria-label')))).filter((id): id is string => id !== null);
}

test('pages through more batches than one page holds, with the buttons and by keyboard', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  // The Local sandbox starts on its first use: testing it starts it, and tells its URL and credentials.
  await nav(page, 'Connections').click();
  await page.getByRole('button', { name: 'Test Local sandbox' }).click();
  const seeded = await seedBatches(await server.sandbox(), DATASET, 25);

  await nav(page, 'Batches').click();
  await page.getByRole('button', { name: /Dataset/ }).click();
  await page.getByRole('option', { name: new RegExp(DATASET) }).click();
  const table = page.getByRole('table', { name: 'Batches' });
  const newer = page.getByRole('button', { name: 'Newer batches' });
  const older = page.getByRole('button', { name: 'Older batches' });
  // Twenty a page, newest first: the last twenty created.
  await expect(page.getByText('1–20', { exact: true })).toBeVisible();
  await expect(table.getByRole('row', { name: /.+/ }).filter({ has: page.getByRole('button', { name: /^Open batch / }) })).toHaveCount(20);
  const first = await rowIds(page);
  expect(new Set(first)).toEqual(new Set(seeded.slice(5)));
  await expect(newer).toBeDisabled();

  await older.click();
  await expect(page.getByText('21–25', { exact: true })).toBeVisible();
  await expect.poll(() => rowIds(page)).toHaveLength(5);
  const second = await rowIds(page);
  expect(new Set(second)).toEqual(new Set(seeded.slice(0, 5)));
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  // Fewer than a page: nothing older.
  await expect(older).toBeDisabled();

  await newer.click();
  await expect(page.getByText('1–20', { exact: true })).toBeVisible();
  await expect.poll(() => rowIds(page)).toEqual(first);

  // By keyboard: Tab reaches the control, Enter and Space press it.
  await page.getByRole('button', { name: /Status/ }).focus();
  await page.keyboard.press('Tab');
  await expect(older).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('21–25', { exact: true })).toBeVisible();
  await expect.poll(() => rowIds(page)).toEqual(second);
  // The last page leaves "Older" disabled: Shift+Tab goes back to "Newer".
  await expect(older).toBeDisabled();
  await page.keyboard.press('Shift+Tab');
  await expect(newer).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByText('1–20', { exact: true })).toBeVisible();
  await expect.poll(() => rowIds(page)).toEqual(first);
});
