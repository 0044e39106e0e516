import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { expect, screenshotDir, test } from './browser-mode';

/**
 * Streaming a small XDM file from the Upload step, in browser mode on the Local sandbox.
 * Why the seeded customer dataset: it is enabled for Profile already, so preflight passes and
 * the streamed records can be confirmed there; its schema types `person.birthDate` as a date,
 * which the sandbox's synchronous validation checks record by record.
 */

const DATASET = 'XDM Loader Customers';

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });
}

/** Waits until no CSS animation or transition runs. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

/** A screenshot of the whole screen: the window is made as tall as the screen's content first. */
async function fullScreenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page.getByRole('main').evaluate((main) => main.scrollHeight + main.getBoundingClientRect().top);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await settled(page);
  await page.screenshot({ path: path.join(screenshotDir, name) });
  await page.setViewportSize(viewport);
}

/** Three customer records in XDM already; the second one's birth date is not a date. */
function customersWithABadDate(): Buffer {
  const records = [
    { personalEmail: { address: 'stream1@example.com' }, person: { name: { firstName: 'Grace', lastName: 'Hopper' }, birthDate: '1906-12-09' } },
    { personalEmail: { address: 'stream2@example.com' }, person: { name: { firstName: 'Alan', lastName: 'Turing' }, birthDate: '23/06/1912' } },
    { personalEmail: { address: 'stream3@example.com' }, person: { name: { firstName: 'Ada', lastName: 'Lovelace' } } },
  ];
  return Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
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

  // The rejected record, with its reasons, as JSON Lines.
  const downloading = page.waitForEvent('download');
  await results.getByRole('link', { name: 'Download streamed-rejected.jsonl' }).click();
  const saved = (await readFile(await (await downloading).path(), 'utf8')).trim().split('\n');
  expect(saved).toHaveLength(1);
  expect(JSON.parse(saved[0] ?? '')).toMatchObject({ record: 2, statusCode: 400, violations: [{ pointer: '#/person/birthDate', keyword: 'format' }] });

  // Profile: the accepted records' identities are found; the rejected one's is missing, and says why.
  const confirmation = results.getByRole('region', { name: 'Confirmation in Profile of streamed.jsonl' });
  await expect(confirmation.getByRole('status').filter({ hasText: 'Partly found in Profile' })).toBeVisible({ timeout: 30_000 });
  const identities = confirmation.getByRole('table', { name: 'Streamed identities' });
  await expect(identities.getByRole('button', { name: 'Open the profile of Email stream1@example.com' })).toBeVisible();
  await expect(identities.getByRole('button', { name: 'Open the profile of Email stream3@example.com' })).toBeVisible();
  await expect(identities.getByRole('row', { name: /stream2@example\.com/ })).toContainText('1 record was rejected above: if this identity is that record’s, that is expected.');
  await fullScreenshot(page, 'upload-streaming-results.png');

  // A found identity opens its profile.
  await identities.getByRole('button', { name: 'Open the profile of Email stream1@example.com' }).click();
  await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Identities' }).getByRole('row', { name: 'Email stream1@example.com' })).toBeVisible({ timeout: 20_000 });
});
