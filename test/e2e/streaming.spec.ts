import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { fullScreenshot, nav } from './screens';
import { expect, screenshotDir, test, type BrowserModeServer } from './browser-mode';

/**
 * Streaming a small XDM file from the Upload step, in browser mode on the Local sandbox.
 * Why the seeded customer dataset: it is enabled for Profile already, so preflight passes and
 * the streamed records can be confirmed there; its schema types `person.birthDate` as a date,
 * which the sandbox's synchronous validation checks record by record.
 */

const DATASET = 'XDM Loader Customers';

/** Three customer records in XDM already; the second one's birth date is not a date. */
function customersWithABadDate(): Buffer {
  const records = [
    { personalEmail: { address: 'stream1@example.com' }, person: { name: { firstName: 'Grace', lastName: 'Hopper' }, birthDate: '1906-12-09' } },
    { personalEmail: { address: 'stream2@example.com' }, person: { name: { firstName: 'Alan', lastName: 'Turing' }, birthDate: '23/06/1912' } },
    { personalEmail: { address: 'stream3@example.com' }, person: { name: { firstName: 'Ada', lastName: 'Lovelace' } } },
  ];
  return Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/** `count` valid customer records in XDM already. */
function manyCustomers(count: number): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({
    personalEmail: { address: `slow${i + 1}@example.com` },
    person: { name: { firstName: `Slow${i + 1}` } },
  }));
  return Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/** Drops `body` as `fileName`, takes it to the Upload step as is, chooses the customer dataset and passes preflight. */
async function readyToStream(page: Page, fileName: string, body: Buffer): Promise<void> {
  await nav(page, 'Prepare').click();
  await dropFile(page, fileName, body);
  await page.getByRole('button', { name: 'Upload as is' }).click();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: new RegExp(DATASET) }).click();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
}

/** Makes every streaming request of the app's Local sandbox take `latencyMs` (its fault switch under /_sandbox); once it runs. */
async function slowStreaming(server: BrowserModeServer, latencyMs: number): Promise<void> {
  const { url } = await server.sandbox();
  const response = await fetch(`${url}/_sandbox/faults/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'latency', path: '/collection/', latencyMs }),
  });
  expect(response.status).toBe(201);
}

test('streams a small XDM file as is: two accepted, one rejected with its violation, confirmed in Profile', async ({ app: page }) => {
  test.setTimeout(90_000);
  await nav(page, 'Prepare').click();
  await dropFile(page, 'streamed.jsonl', customersWithABadDate());
  await page.getByRole('button', { name: 'Upload as is' }).click();
  await expect(page.getByRole('heading', { name: 'Upload streamed.jsonl', level: 2 })).toBeVisible();
  // A JSON Lines file read whole: its record count is known, so streaming can be offered.
  await expect(page.getByText('As it is: the file already holds XDM records (3 records)')).toBeVisible();

  const streaming = page.getByRole('region', { name: 'By streaming' });
  await expect(streaming).toContainText('Records arrive in seconds, validated one by one; batch upload is for anything larger.');
  // The Local sandbox takes any inlet: no inlet field.
  await expect(streaming.getByRole('textbox', { name: /HTTP API inlet id/ })).toHaveCount(0);
  const send = streaming.getByRole('button', { name: 'Send by streaming' });
  await expect(send).toBeDisabled();
  await expect(streaming).toContainText('Choose a dataset and run preflight first.');

  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: new RegExp(DATASET) }).click();
  await expect(page.getByRole('switch', { name: 'Send to Real-Time Customer Profile' })).toBeChecked();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await expect(send).toBeEnabled();

  // Above the limit the option stays in view, disabled, with the reason.
  const limit = streaming.getByRole('textbox', { name: 'Streaming limit (records)' });
  await limit.fill('2');
  await limit.blur();
  await expect(send).toBeDisabled();
  await expect(streaming).toContainText('3 records is more than the streaming limit of 2: upload them as a batch, or raise the limit (up to 1000).');
  await streaming.screenshot({ path: path.join(screenshotDir, 'upload-streaming-over-limit.png') });
  await limit.fill('100');
  await limit.blur();
  await expect(send).toBeEnabled();
  await expect(streaming.getByRole('checkbox', { name: 'Validate each record as it is sent' })).toBeChecked();

  await send.click();
  const results = page.getByRole('region', { name: 'Streaming results of streamed.jsonl' });
  await expect(results.getByRole('status', { name: 'Streaming summary: 2 accepted, 1 rejected.' })).toBeVisible({ timeout: 20_000 });
  const table = results.getByRole('table', { name: 'Streamed records' });
  await expect(table.getByRole('row', { name: 'Record 1: Accepted' })).toContainText(/\d+:\d+:\d+/);
  await expect(table.getByRole('row', { name: 'Record 3: Accepted' })).toBeVisible();
  const rejected = table.getByRole('row', { name: 'Record 2: Rejected' });
  await expect(rejected).toContainText('HTTP 400');
  const problems = rejected.getByRole('list', { name: 'Problems of record 2' });
  await expect(problems).toContainText('Wrong format');
  await expect(problems).toContainText('person.birthDate');
  await expect(problems).toContainText('[23/06/1912] is not a valid date');
  // Nothing keeps a record of a streamed set: sending again would send the accepted ones twice.
  await expect(streaming).toContainText('Sending again streams all 3 records again: the 2 already taken would arrive twice.');

  // The rejected record as it was sent, with its reasons, as JSON Lines.
  const downloading = page.waitForEvent('download');
  await results.getByRole('link', { name: 'Download streamed-rejected.jsonl' }).click();
  const saved = (await readFile(await (await downloading).path(), 'utf8')).trim().split('\n');
  expect(saved).toHaveLength(1);
  expect(JSON.parse(saved[0] ?? '')).toEqual({
    index: 2,
    statusCode: 400,
    message: expect.any(String),
    violations: [expect.objectContaining({ pointer: '#/person/birthDate', keyword: 'format' })],
    record: { personalEmail: { address: 'stream2@example.com' }, person: { name: { firstName: 'Alan', lastName: 'Turing' }, birthDate: '23/06/1912' } },
  });

  // Profile: the accepted records' identities are found; the rejected one's is missing, and says why.
  const confirmation = results.getByRole('region', { name: 'Confirmation in Profile of streamed.jsonl' });
  await expect(confirmation.getByRole('status').filter({ hasText: 'Partly found in Profile' })).toBeVisible({ timeout: 30_000 });
  const identities = confirmation.getByRole('table', { name: 'Streamed identities' });
  await expect(identities.getByRole('link', { name: 'Open the profile of Email stream1@example.com' })).toBeVisible();
  await expect(identities.getByRole('link', { name: 'Open the profile of Email stream3@example.com' })).toBeVisible();
  await expect(identities.getByRole('row', { name: /stream2@example\.com/ })).toContainText(
    '1 record was rejected above: if this identity is that record’s, that is expected.',
  );
  await fullScreenshot(page, 'upload-streaming-results.png');

  // A found identity opens its profile.
  await identities.getByRole('link', { name: 'Open the profile of Email stream1@example.com' }).click();
  await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Identities' }).getByRole('row', { name: 'Email stream1@example.com' })).toBeVisible({ timeout: 20_000 });
});

test('shows progress and results as they come, and Cancel stops it saying how many records were sent', async ({ app: page, server }) => {
  test.setTimeout(90_000);
  await readyToStream(page, 'slow.jsonl', manyCustomers(40));
  // The app starts its Local sandbox on first use: preflight has used it.
  await slowStreaming(server, 500);
  const streaming = page.getByRole('region', { name: 'By streaming' });
  await streaming.getByRole('button', { name: 'Send by streaming' }).click();

  const progress = streaming.getByRole('group', { name: 'Streaming progress' });
  await expect(progress.getByRole('progressbar', { name: 'Records sent' })).toBeVisible();
  await expect(progress).toContainText('Records already sent stay sent: cancelling stops only those not sent yet.');
  // Results fill in while the run goes on.
  const soFar = page.getByRole('region', { name: 'Streaming results of slow.jsonl' });
  await expect(soFar.getByRole('table', { name: 'Streamed records' }).getByRole('row', { name: 'Record 3: Accepted' })).toBeVisible({ timeout: 20_000 });
  await expect(progress).toContainText(/\d+ of 40 records sent: \d+ accepted, 0 rejected so far\./);
  // Not fullScreenshot: it waits for animations to end, and the bar moves until the run does.
  await streaming.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshotDir, 'upload-streaming-progress.png') });

  await progress.getByRole('button', { name: 'Cancel' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Streaming was cancelled' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  const message = (await alert.textContent()) ?? '';
  const sent = Number(/after (\d+) of 40 records had been sent/.exec(message)?.[1] ?? Number.NaN);
  expect(sent).toBeGreaterThanOrEqual(3);
  expect(sent).toBeLessThan(40);
  await expect(alert).toContainText('stay sent: streamed records cannot be taken back');
  await expect(progress).toHaveCount(0);
  // Every record answered before the cancel is listed, and only those.
  const answered = page.getByRole('region', { name: 'Streaming results of slow.jsonl' });
  await expect(answered.getByRole('heading', { name: 'Records answered before it stopped' })).toBeVisible();
  await expect(answered.getByRole('table', { name: 'Streamed records' }).getByRole('row', { name: /^Record \d+: Accepted$/ })).toHaveCount(sent);
  await fullScreenshot(page, 'upload-streaming-cancelled.png');
});
