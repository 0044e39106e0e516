import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { fullScreenshot, nav, settled } from './screens';
import { checkUsable } from './usable';
import { expect, repoRoot, screenshotDir, test } from './browser-mode';

/**
 * Ingest in browser mode on the built-in Local sandbox: from a dropped CSV to a profile.
 * Why a dataset made for the test and not the seeded one: the seeded datasets are enabled for
 * Profile already, and the flow under test includes preflight's fix and its confirmation.
 */

const samples = path.join(repoRoot, 'assets', 'samples');
const DATASET = 'Spring campaign contacts';

/** Creates a dataset of the seeded customer schema, not enabled for Profile, on the Targets screen. */
async function createDataset(page: Page, name: string): Promise<void> {
  await nav(page, 'Targets').click();
  const schemas = page.getByRole('table', { name: 'Schemas' });
  await schemas.getByRole('row', { name: 'XDM Loader Customers' }).getByRole('button', { name: 'New dataset from XDM Loader Customers' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel(/^Dataset name/).fill(name);
  await create.getByRole('button', { name: 'Create dataset' }).click();
  await expect(create).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Datasets' }).getByRole('row', { name })).toContainText('Not enabled');
}

/** Drops customers.csv, maps it to the sandbox's customer schema with the suggestions, prepares it. */
async function prepareCustomers(page: Page): Promise<void> {
  await nav(page, 'Prepare').click();
  await dropFile(page, 'customers.csv', await readFile(path.join(samples, 'customers.csv')));
  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await page.getByRole('button', { name: /Target schema/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await expect(page.getByRole('button', { name: /Target schema/ })).toContainText('XDM Loader Customers');
  await page.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(page.getByRole('region', { name: 'Suggestions' })).toBeHidden();
  await page.getByRole('button', { name: 'Prepare file' }).click();
  await expect(page.getByText('Completed')).toBeVisible({ timeout: 30_000 });
}

test('uploads a prepared CSV after preflight and its fix, tracks the batch and confirms the profiles', async ({ app: page }) => {
  test.setTimeout(180_000);
  await createDataset(page, DATASET);
  await prepareCustomers(page);
  const rowsWritten = Number((await page.getByLabel('Prepare summary').getByRole('definition').nth(1).textContent())?.replace(/\D/g, ''));
  expect(rowsWritten).toBeGreaterThan(0);

  // The Upload step: the fourth step, reached from the summary.
  await page.getByRole('button', { name: 'Upload…' }).click();
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('button', { name: /Upload/ })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('heading', { name: 'Upload customers.csv', level: 2 })).toBeVisible();
  await expect(page.getByText(`${rowsWritten} records, prepared as JSON Lines parts.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload', exact: true })).toBeDisabled();

  await page.getByRole('button', { name: /Dataset$/ }).click();
  await expect(page.getByRole('option', { name: /XDM Loader Customers/ })).toContainText('enabled for Profile');
  await page.getByRole('option', { name: new RegExp(DATASET) }).click();
  await expect(page.getByRole('switch', { name: 'Send to Real-Time Customer Profile' })).toBeChecked();

  await page.getByRole('button', { name: 'Run preflight' }).click();
  const checks = page.getByRole('list', { name: 'Preflight checks' });
  await expect(checks.getByRole('listitem', { name: 'Dataset: Passed' })).toBeVisible();
  await expect(checks.getByRole('listitem', { name: 'Schema of the mapping: Passed' })).toBeVisible();
  const notEnabled = checks.getByRole('listitem', { name: 'Dataset enabled for Profile: Failed' });
  await expect(notEnabled).toContainText('How to fix:');
  await expect(checks.getByRole('listitem', { name: 'Dataset enabled for Identity: Failed' })).toContainText(
    'Fixed by “Enable the dataset for Profile and Identity” above.',
  );
  await expect(page.getByRole('status').filter({ hasText: 'checks failed' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload', exact: true })).toBeDisabled();
  await notEnabled.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshotDir, 'upload-preflight-failed.png') });

  // The fix, behind its consequence, by keyboard: Escape first changes nothing and gives the focus back to the fix.
  const fix = notEnabled.getByRole('button', { name: 'Enable the dataset for Profile and Identity…' });
  await fix.focus();
  await page.keyboard.press('Enter');
  let confirm = page.getByRole('alertdialog');
  await expect(confirm.getByRole('heading')).toHaveText('Enable the dataset for Profile and Identity?');
  await expect(confirm).toContainText(`Dataset ${DATASET} (Local sandbox).`);
  await expect(confirm).toContainText('every batch ingested from now on feeds Real-Time Customer Profile');
  await expect(confirm).toContainText('Enabling for Profile cannot be undone.');
  await checkUsable(page, 'upload-fix-dialog');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(fix).toBeFocused();
  await expect(notEnabled).toBeVisible();
  await notEnabled.getByRole('button', { name: 'Enable the dataset for Profile and Identity…' }).click();
  confirm = page.getByRole('alertdialog');
  await confirm.getByRole('button', { name: 'Enable', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Applied: Enable the dataset for Profile and Identity.' })).toBeVisible();
  await expect(checks.getByRole('listitem', { name: 'Dataset enabled for Profile: Passed' })).toBeVisible();
  await expect(checks.getByRole('listitem', { name: 'Primary identity: Passed' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await settled(page);
  await fullScreenshot(page, 'upload-preflight-ready.png');

  // Upload: the Jobs screen follows the batch to success.
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await expect(nav(page, 'Jobs')).toHaveAttribute('aria-current', 'page');
  const card = page.getByRole('article', { name: 'Upload of customers.csv' });
  await expect(card).toContainText(`to ${DATASET}`);
  await expect(card.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
  const outcome = card.getByLabel('Outcome');
  await expect(outcome).toContainText(`Records written${rowsWritten}`);
  await expect(outcome).toContainText('Records failed0');
  await expect(card.getByRole('table', { name: 'Batches' })).toContainText('Succeeded');

  // Confirmation: the sampled identities were found in Profile.
  const report = card.getByRole('region', { name: 'Confirmation in Profile of customers.csv' });
  await expect(report.getByRole('status').filter({ hasText: 'Found in Profile' })).toBeVisible({ timeout: 30_000 });
  const identities = report.getByRole('table', { name: 'Sampled identities' });
  await expect(identities.getByRole('row')).not.toHaveCount(1);
  await expect(identities).toContainText('Found');
  await expect(identities).not.toContainText('Missing');
  await fullScreenshot(page, 'jobs-finished.png');

  // "Check again" asks Profile again.
  await report.getByRole('button', { name: 'Check again' }).click();
  await expect(report.getByRole('status').filter({ hasText: 'Found in Profile' })).toBeVisible({ timeout: 40_000 });

  // The history lists the upload with its batch.
  const history = page.getByRole('table', { name: 'Upload history' });
  await expect(history).toContainText(DATASET);
  await expect(history).toContainText('Succeeded');

  // A found identity opens its profile.
  const first = identities.getByRole('link', { name: /^Open the profile of / }).first();
  const [, namespace, value] = /^Open the profile of (\S+) (.+)$/.exec((await first.getAttribute('aria-label')) ?? '') ?? [];
  expect(namespace && value).toBeTruthy();
  await first.click();
  await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
  await expect(nav(page, 'Profiles')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('table', { name: 'Identities' }).getByRole('row', { name: `${namespace} ${value}` })).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: path.join(screenshotDir, 'jobs-profile-link.png') });
});

/** JSON Lines records that are XDM of the seeded customer schema already (Email is its primary identity). */
function xdmCustomers(count: number, prefix: string): Buffer {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ personalEmail: { address: `${prefix}${i + 1}@example.com` }, person: { name: { firstName: `Ada${i + 1}`, lastName: 'Lovelace' } } }),
  );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Makes the Local sandbox slow to create the next batch, so the upload can be caught before it sends. */
async function slowBatchCreation(sandboxUrl: string, latencyMs: number): Promise<void> {
  const reply = await fetch(`${sandboxUrl}/_sandbox/faults/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'latency', method: 'POST', path: '/data/foundation/import/batches', latencyMs, times: 1 }),
  });
  expect(reply.status).toBe(201);
}

/** Drops an XDM file, takes "Upload as is", chooses the dataset and runs preflight. */
async function uploadAsIs(page: Page, name: string, bytes: Buffer, dataset: string, profile: boolean): Promise<void> {
  await nav(page, 'Prepare').click();
  await dropFile(page, name, bytes);
  await page.getByRole('button', { name: 'Upload as is' }).click();
  await expect(page.getByRole('heading', { name: `Upload ${name}`, level: 2 })).toBeVisible();
  await expect(page.getByText(/As it is: the file already holds XDM records/)).toBeVisible();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: new RegExp(dataset) }).click();
  const toggle = page.getByRole('switch', { name: 'Send to Real-Time Customer Profile' });
  if ((await toggle.isChecked()) !== profile) await toggle.click();
  await page.getByRole('button', { name: /^Run preflight/ }).click();
}

test('uploads an XDM JSON Lines file as is, pauses and resumes it, and finds its profiles', async ({ app: page, server }) => {
  test.setTimeout(90_000);
  await uploadAsIs(page, 'ada.jsonl', xdmCustomers(40, 'ada'), 'XDM Loader Customers', true);
  const checks = page.getByRole('list', { name: 'Preflight checks' });
  await expect(checks.getByRole('listitem', { name: 'Primary identity: Passed' })).toContainText('All 40 records read carry exactly one primary identity.');
  // No mapping: the records' own fields are checked against the dataset's schema.
  await expect(checks.getByRole('listitem', { name: "Fields in the dataset's schema: Passed" })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();

  await slowBatchCreation((await server.sandbox()).url, 4_000);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const card = page.getByRole('article', { name: 'Upload of ada.jsonl' });
  await card.getByRole('button', { name: 'Pause' }).click();
  await expect(card.getByRole('status', { name: 'Status: Paused' })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(card.getByText('Paused: nothing is being sent.')).toBeVisible();
  // Paused after the batch was created: its id shows, nothing of the file is sent.
  await expect(card.getByLabel('Transfer')).toContainText(/Batch\s*\w{10,}/, { timeout: 10_000 });
  await expect(card.getByRole('progressbar', { name: 'Records' })).toHaveAttribute('aria-valuetext', '0 of 40');
  await page.screenshot({ path: path.join(screenshotDir, 'jobs-paused.png') });

  await card.getByRole('button', { name: 'Resume' }).click();
  await expect(card.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
  await expect(card.getByLabel('Outcome')).toContainText('Records written40');
  const report = card.getByRole('region', { name: 'Confirmation in Profile of ada.jsonl' });
  await expect(report.getByRole('status').filter({ hasText: 'Found in Profile' })).toBeVisible({ timeout: 30_000 });
  await expect(report.getByRole('table', { name: 'Sampled identities' })).toContainText('Email');
});

test('a cancelled upload aborts its batch, and a batch AEP rejects shows its errors in words', async ({ app: page, server }) => {
  test.setTimeout(150_000);
  // XDM field names with values of the wrong type and no identity: preflight, which checks the
  // records' fields against the dataset's schema (a flat, non-XDM file is stopped there), passes
  // them once Profile is off; AEP refuses every record.
  const wrongTypes = Array.from({ length: 20 }, (_, i) => JSON.stringify({ person: { name: { firstName: 1000 + i, lastName: true } } }));
  await uploadAsIs(page, 'customers.jsonl', Buffer.from(`${wrongTypes.join('\n')}\n`), 'XDM Loader Customers', true);
  const checks = page.getByRole('list', { name: 'Preflight checks' });
  await expect(checks.getByRole('listitem', { name: 'Primary identity: Failed' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload', exact: true })).toBeDisabled();
  // Without Profile the identities do not matter: the dataset can take the batch.
  await page.getByRole('switch', { name: 'Send to Real-Time Customer Profile' }).click();
  await expect(checks).toHaveCount(0);
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const rejected = page.getByRole('article', { name: 'Upload of customers.jsonl' });
  await expect(rejected.getByRole('status', { name: 'Status: Failed' })).toBeVisible({ timeout: 60_000 });
  await expect(rejected.getByLabel('Outcome')).toContainText('Records written0');
  await expect(rejected.getByRole('alert').getByRole('heading', { name: 'AEP did not load the records' })).toBeVisible();
  const batches = rejected.getByRole('table', { name: 'Batches' });
  await expect(batches).toContainText('Failed');
  await expect(batches).toContainText(/TypeCompatibilityException: expected type: String, found: (Long|Integer|Number|Boolean)/);
  // No confirmation for a batch that loaded nothing.
  await expect(rejected.getByRole('region', { name: /Confirmation in Profile/ })).toHaveCount(0);
  await fullScreenshot(page, 'jobs-failed-batch.png');

  // A cancel asks first; "Keep uploading" changes nothing.
  await uploadAsIs(page, 'grace.jsonl', xdmCustomers(10, 'grace'), 'XDM Loader Customers', false);
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await slowBatchCreation((await server.sandbox()).url, 4_000);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const card = page.getByRole('article', { name: 'Upload of grace.jsonl' });
  // Held once its batch exists, so that the cancel has a batch to abort.
  await card.getByRole('button', { name: 'Pause' }).click();
  await expect(card.getByLabel('Transfer')).toContainText(/Batch\s*\w{10,}/, { timeout: 10_000 });
  // By keyboard: Enter on Cancel asks; Tab reaches "Keep uploading", Enter on it closes and gives the focus back.
  const cancel = card.getByRole('button', { name: 'Cancel' });
  await cancel.focus();
  await page.keyboard.press('Enter');
  let confirm = page.getByRole('alertdialog');
  await expect(confirm.getByRole('heading')).toHaveText('Cancel the upload of grace.jsonl?');
  await expect(confirm).toContainText('The batch is aborted at AEP');
  await checkUsable(page, 'jobs-cancel-dialog');
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Keep uploading' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(cancel).toBeFocused();
  await card.getByRole('button', { name: 'Cancel' }).click();
  confirm = page.getByRole('alertdialog');
  await confirm.getByRole('button', { name: 'Cancel upload' }).click();
  await expect(card.getByRole('status', { name: 'Status: Cancelled' })).toBeVisible({ timeout: 30_000 });
  await expect(card).toContainText('its batch was aborted');
  await expect(card.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  const history = page.getByRole('table', { name: 'Upload history' });
  const cancelled = history.getByRole('row', { name: /grace\.jsonl/ });
  await expect(cancelled).toContainText('Cancelled');
  await expect(cancelled).toContainText('Aborted');
  await expect(cancelled.getByRole('button', { name: /Resume/ })).toHaveCount(0);
  await fullScreenshot(page, 'jobs-cancelled.png');
});

/**
 * Makes the Local sandbox slow, once the files are sent, to take a batch's COMPLETE and to answer
 * Catalog about it, until the returned function lifts both: the upload waits with every byte sent.
 * Why no count of calls: the Jobs screen asks Catalog about the same batch, and could use them up
 * before the upload's own polling does.
 */
async function holdAfterSending(sandboxUrl: string, latencyMs: number): Promise<() => Promise<void>> {
  const ids: string[] = [];
  for (const [method, prefix] of [
    ['POST', '/data/foundation/import/batches/'],
    ['GET', '/data/foundation/catalog/batches/'],
  ] as const) {
    const reply = await fetch(`${sandboxUrl}/_sandbox/faults/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'latency', method, path: prefix, latencyMs }),
    });
    expect(reply.status).toBe(201);
    ids.push(((await reply.json()) as { id: string }).id);
  }
  return async () => {
    for (const id of ids) expect((await fetch(`${sandboxUrl}/_sandbox/faults/rules/${id}`, { method: 'DELETE' })).ok).toBe(true);
  };
}

test('once every byte is sent, the Jobs card offers no Pause while AEP processes the batch (D9)', async ({ app: page, server }) => {
  test.setTimeout(90_000);
  await uploadAsIs(page, 'turing.jsonl', xdmCustomers(30, 'turing'), 'XDM Loader Customers', false);
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  const lift = await holdAfterSending((await server.sandbox()).url, 5_000);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const card = page.getByRole('article', { name: 'Upload of turing.jsonl' });
  // Held while AEP takes the batch and processes it: all 30 records are there.
  await expect(card.getByText(/^(Completing the batch|Waiting for AEP to process the batch)…$/)).toBeVisible({ timeout: 30_000 });
  await expect(card.getByRole('progressbar', { name: 'Records' })).toHaveAttribute('aria-valuetext', '30 of 30');
  const pause = card.getByRole('button', { name: 'Pause' });
  await expect(pause).toBeDisabled();
  await expect(card.getByText('Every record is at AEP: nothing is left to pause.')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDir, 'jobs-processing-no-pause.png') });
  await lift();
  await expect(card.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
  await expect(card.getByRole('status', { name: 'Status: Paused' })).toHaveCount(0);
  await expect(card.getByLabel('Outcome')).toContainText('Records written30');
});

test('a batch with failed records: the Jobs card downloads them, each with the reason AEP gave', async ({ app: page }) => {
  test.setTimeout(90_000);
  // Two good customers and one born on 31 February: AEP refuses that record, and so the batch.
  const records = [
    { personalEmail: { address: 'hedy@example.com' }, person: { name: { firstName: 'Hedy', lastName: 'Lamarr' } } },
    { personalEmail: { address: 'katherine@example.com' }, person: { name: { firstName: 'Katherine', lastName: 'Johnson' }, birthDate: '31/02/1918' } },
    { personalEmail: { address: 'margaret@example.com' }, person: { name: { firstName: 'Margaret', lastName: 'Hamilton' } } },
  ];
  await uploadAsIs(page, 'pioneers.jsonl', Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`), 'XDM Loader Customers', false);
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const card = page.getByRole('article', { name: 'Upload of pioneers.jsonl' });
  await expect(card.getByRole('status', { name: 'Status: Failed' })).toBeVisible({ timeout: 60_000 });
  await expect(card.getByLabel('Outcome')).toContainText('Records failed1');

  const files = card.getByRole('list', { name: /^Failed records of batch / });
  await expect(files).toBeVisible();
  const download = files.getByRole('button', { name: /^Download failed records / }).first();
  await download.scrollIntoViewIfNeeded();
  await fullScreenshot(page, 'jobs-failed-records.png');
  const downloading = page.waitForEvent('download');
  await download.click();
  const saved = await readFile(await (await downloading).path(), 'utf8');
  const lines = saved
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { personalEmail?: { address?: string }; _validationErrors?: Array<{ message?: string }> });
  expect(lines).toHaveLength(1);
  expect(lines[0]?.personalEmail?.address).toBe('katherine@example.com');
  expect(JSON.stringify(lines[0]?._validationErrors)).toContain('[31/02/1918] is not a valid date');
});

test('an upload started from far down the Upload step opens Jobs at its top, the new job in view', async ({ app: page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  // A first upload, finished: its card and the history make the Jobs screen longer than the window.
  await uploadAsIs(page, 'first.jsonl', xdmCustomers(5, 'first'), 'XDM Loader Customers', false);
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const first = page.getByRole('article', { name: 'Upload of first.jsonl' });
  await expect(first.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Upload history' })).toContainText('first.jsonl');

  // The second from the bottom of the Upload step.
  await uploadAsIs(page, 'second.jsonl', xdmCustomers(5, 'second'), 'XDM Loader Customers', false);
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible();
  const main = page.getByRole('main');
  await main.evaluate((m) => m.scrollTo({ top: m.scrollHeight }));
  expect(await main.evaluate((m) => m.scrollTop), 'the Upload step scrolled down').toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  const second = page.getByRole('article', { name: 'Upload of second.jsonl' });
  await expect(second).toBeVisible();
  expect(await main.evaluate((m) => m.scrollHeight - m.clientHeight), 'Jobs is longer than the window').toBeGreaterThan(100);
  expect(await main.evaluate((m) => m.scrollTop)).toBe(0);
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeInViewport();
  await expect(second.getByRole('heading', { name: 'second.jsonl', level: 3 })).toBeInViewport();
  await page.screenshot({ path: path.join(screenshotDir, 'jobs-opened-at-top.png') });
});

/** Maps a sample with the suggestions, prepares it to `format`, and uploads it to the seeded customers dataset (Profile off). */
async function prepareAndUpload(page: Page, file: string, format: 'JSON Lines' | 'Parquet'): Promise<void> {
  await nav(page, 'Prepare').click();
  await dropFile(page, file, await readFile(path.join(samples, file)));
  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await page.getByRole('button', { name: 'Accept suggestions' }).click();
  const output = page.getByRole('button', { name: /Output format/ });
  if (!(await output.textContent())?.includes(format)) {
    await output.click();
    await page.getByRole('option', { name: format }).click();
  }
  await expect(output).toContainText(format);
  await page.getByRole('button', { name: 'Prepare file' }).click();
  await expect(page.getByText('Completed')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(`to ${format}`)).toBeVisible();
  await page.getByRole('button', { name: 'Upload…' }).click();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  const profile = page.getByRole('switch', { name: 'Send to Real-Time Customer Profile' });
  if (await profile.isChecked()) await profile.click();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(
    page
      .getByRole('article', { name: `Upload of ${file}` })
      .first()
      .getByRole('status', { name: 'Status: Succeeded' }),
  ).toBeVisible({ timeout: 60_000 });
}

test('History tells prepared uploads apart: by the file they came from and the format they were sent as', async ({ app: page }) => {
  test.setTimeout(240_000);
  await prepareAndUpload(page, 'customers.csv', 'JSON Lines');
  await prepareAndUpload(page, 'customers.csv', 'Parquet');
  await prepareAndUpload(page, 'customers.parquet', 'JSON Lines');

  const history = page.getByRole('table', { name: 'Upload history' });
  await expect(history.getByRole('row')).toHaveCount(4, { timeout: 30_000 });
  const files = history.getByRole('rowheader');
  // Newest first; each row names its source file (extension kept) and the format it was sent as.
  await expect(files).toHaveText([
    'customers.parquet (prepared)JSON, batch upload',
    'customers.csv (prepared)Parquet, batch upload',
    'customers.csv (prepared)JSON, batch upload',
  ]);
  await expect(history).not.toContainText(/customers \(prepared\)/);
  await fullScreenshot(page, 'jobs-history-prepared.png');
});
