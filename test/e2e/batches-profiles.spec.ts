import type { Locator, Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { test as base, compileCacheDir, expect, repoRoot, screenshotDir } from './browser-mode';
import { chooseOption, focusShows, shiftTabTo, tabTo } from './keyboard';
import { settled } from './screens';

/**
 * Batches and Profiles in browser mode on the built-in Local sandbox, with data loaded the way a
 * steward's script would: `xdm-loader upload` against the app's data folder, before the window
 * opens (the app's embedded sandbox then starts on the same database). Three customers succeed,
 * a file with one bad birth date fails, and three events of one customer land in the Events
 * dataset. Then: the batches of the Customers dataset with their counts and where they came from,
 * a failed batch's errors and failed records (saved as a file), a profile with its identities,
 * attributes, events timeline and raw JSON, one that does not exist, and a 403 explained.
 */

const execFileAsync = promisify(execFile);

interface Loaded {
  customersDataset: string;
  okBatch: string;
  failedBatch: string;
}

interface UploadResult {
  batchId: string;
  status: string;
  recordsWritten: number;
  recordsFailed: number;
}

const customers = [
  {
    personalEmail: { address: 'ada@example.com' },
    person: { name: { firstName: 'Ada', lastName: 'Lovelace' }, birthDate: '1815-12-10' },
    loyalty: { points: 1200, joinDate: '2020-01-15T09:30:00Z' },
    identityMap: { CRMID: [{ id: 'C-1001' }] },
  },
  { personalEmail: { address: 'grace@example.com' }, person: { name: { firstName: 'Grace', lastName: 'Hopper' } }, identityMap: { CRMID: [{ id: 'C-1002' }] } },
  { personalEmail: { address: 'alan@example.com' }, person: { name: { firstName: 'Alan', lastName: 'Turing' } }, identityMap: { CRMID: [{ id: 'C-1003' }] } },
];
const withBadDate = [
  { personalEmail: { address: 'edsger@example.com' }, person: { name: { firstName: 'Edsger', lastName: 'Dijkstra' } } },
  { personalEmail: { address: 'barbara@example.com' }, person: { name: { firstName: 'Barbara' }, birthDate: '31/02/1939' } },
  { personalEmail: { address: 'donald@example.com' }, person: { name: { firstName: 'Donald', lastName: 'Knuth' } } },
];
const adaId = { Email: [{ id: 'ada@example.com', primary: true }] };
const events = [
  {
    _id: 'ev-ada-1',
    timestamp: '2024-05-01T09:12:00Z',
    eventType: 'web.webpagedetails.pageViews',
    web: { webPageDetails: { name: 'Home', URL: 'https://shop.example.com/' } },
    identityMap: adaId,
  },
  {
    _id: 'ev-ada-2',
    timestamp: '2024-05-01T09:15:30Z',
    eventType: 'commerce.productViews',
    web: { webPageDetails: { name: 'Analytical Engine kit', URL: 'https://shop.example.com/engine' } },
    identityMap: adaId,
  },
  {
    _id: 'ev-ada-3',
    timestamp: '2024-05-02T18:40:00Z',
    eventType: 'commerce.purchases',
    commerce: { purchases: { value: 1 }, order: { priceTotal: 249.5, currencyCode: 'GBP' } },
    identityMap: adaId,
  },
];

/** Runs the built CLI on the app's data folder; a failing batch exits 1 and still prints its JSON. */
async function cli(home: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [path.join(repoRoot, 'dist', 'cli', 'xdm-loader.mjs'), ...args], {
      cwd: home,
      env: { ...process.env, NODE_COMPILE_CACHE: compileCacheDir, XDM_LOADER_HOME: home },
      timeout: 60_000,
    });
    return stdout;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code === 1 && failed.stdout) return failed.stdout;
    throw new Error(`xdm-loader ${args.join(' ')} failed: ${failed.stderr ?? String(error)}`);
  }
}

async function upload(home: string, file: string, records: unknown[], datasetId: string): Promise<UploadResult> {
  const at = path.join(home, 'inputs', file);
  await writeFile(at, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return JSON.parse(await cli(home, ['upload', at, '--dataset', datasetId, '--json', '--no-confirm', '--poll-interval', '100'])) as UploadResult;
}

const test = base.extend<{ loaded: Loaded }>({
  // A timeout of its own, as Playwright offers slow fixtures: four runs of the CLI, each a Node
  // process starting its own Local sandbox, took over 54 s of the test's 60 on a busy 2-core
  // machine, leaving the test's own steps none.
  loaded: [
    async ({ server }, use) => {
      await mkdir(path.join(server.home, 'inputs'), { recursive: true });
      const datasets = JSON.parse(await cli(server.home, ['datasets', '--json'])) as Array<{ id: string; name: string }>;
      const idOf = (name: string) => datasets.find((d) => d.name === name)?.id ?? '';
      const ok = await upload(server.home, 'customers.json', customers, idOf('XDM Loader Customers'));
      expect(ok).toMatchObject({ status: 'success', recordsWritten: 3, recordsFailed: 0 });
      expect(await upload(server.home, 'events.json', events, idOf('XDM Loader Events'))).toMatchObject({ status: 'success', recordsWritten: 3 });
      const bad = await upload(server.home, 'birthdays.json', withBadDate, idOf('XDM Loader Customers'));
      expect(bad).toMatchObject({ status: 'failed', recordsFailed: 1 });
      await use({ customersDataset: idOf('XDM Loader Customers'), okBatch: ok.batchId, failedBatch: bad.batchId });
    },
    { timeout: 60_000 },
  ],
  // The data is loaded before the window opens: `loaded` is set up first.
  app: async ({ loaded: _loaded, app }, use) => {
    await use(app);
  },
});

// Event days and times are asserted as written in the files.
test.use({ timezoneId: 'UTC' });

function openScreen(page: Page, name: string): Promise<void> {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
}

/** The cell of `row` under the column headed `column` in `table`. */
async function cellOf(table: Locator, row: Locator, column: string): Promise<Locator> {
  // The table may still be loading: read its headers once the column is shown, not before.
  await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.indexOf(column);
  expect(index, `column ${column}`).toBeGreaterThan(0);
  // The first column is the row header; cells count from the second.
  return row.getByRole('cell').nth(index - 1);
}

test('lists a dataset’s batches, explains a failed one and saves its failed records', async ({ app: page, loaded }) => {
  await openScreen(page, 'Batches');
  await expect(page.getByRole('heading', { name: 'Batches', level: 1 })).toBeVisible();
  await expect(page.getByText('Choose a dataset to see its recent batches.')).toBeVisible();
  await page.getByRole('button', { name: /Dataset/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();

  const table = page.getByRole('table', { name: 'Batches' });
  const ok = table.getByRole('row', { name: loaded.okBatch });
  const failed = table.getByRole('row', { name: loaded.failedBatch });
  await expect(await cellOf(table, ok, 'Status')).toHaveText('Success');
  await expect(await cellOf(table, ok, 'Written')).toHaveText('3');
  await expect(await cellOf(table, ok, 'Failed')).toHaveText('0');
  await expect(await cellOf(table, ok, 'Source')).toHaveText('Catalog, sent from herecustomers.json');
  await expect(await cellOf(table, ok, 'Created')).toContainText(/completed .* \(\d+ s\)/);
  await expect(await cellOf(table, failed, 'Status')).toHaveText('Failed');
  await expect(await cellOf(table, failed, 'Failed')).toHaveText('1');
  await expect(await cellOf(table, failed, 'Source')).toContainText('birthdays.json');
  // Only the Customers dataset's batches: the events went elsewhere.
  await expect(table.getByRole('row')).toHaveCount(3);
  await page.screenshot({ path: path.join(screenshotDir, 'batches.png'), fullPage: true });

  await ok.getByRole('button', { name: `Open batch ${loaded.okBatch}` }).click();
  await expect(page.getByRole('heading', { name: `Batch ${loaded.okBatch}`, level: 2 })).toBeVisible();
  await expect(page.getByText('Ingested: its records are in the dataset.')).toBeVisible();
  const metrics = page.getByRole('term').filter({ hasText: 'Records written' });
  await expect(metrics.locator('xpath=following-sibling::dd')).toHaveText('3');
  await expect(page.getByText('Catalog reports no error for this batch.')).toBeVisible();
  await expect(page.getByText('No record of this batch failed.')).toBeVisible();
  await page.getByRole('button', { name: 'All batches' }).click();

  await table.getByRole('button', { name: `Open batch ${loaded.failedBatch}` }).click();
  await expect(page.getByRole('heading', { name: `Batch ${loaded.failedBatch}`, level: 2 })).toBeVisible();
  await expect(page.getByText('Nothing from this batch was ingested')).toBeVisible();
  const errors = page.getByRole('list', { name: 'Batch errors' });
  await expect(errors).toContainText('Some records did not match the dataset’s schema.');
  await expect(errors).toContainText('INGEST-1212-400');
  await expect(page.getByText(/Sent from this machine on .*birthdays\.json, 3 records meant to arrive/)).toBeVisible();

  await page.getByRole('button', { name: 'Show failed records (1)' }).click();
  const records = page.getByRole('table', { name: 'Failed records' });
  const first = records.getByRole('row', { name: 'Failed record 1' });
  await expect(first).toContainText('Wrong format');
  await expect(first).toContainText('person.birthDate');
  await expect(first).toContainText('[31/02/1939] is not a valid date');
  await expect(page.getByText(/1 failed record\. The files Data Access gave are saved in .*failed-/)).toBeVisible();
  // The record, with the error at its field.
  const tree = first.getByRole('group', { name: 'Failed record 1' });
  await expect(tree).toBeHidden();
  await first.locator('summary').click();
  await expect(tree).toBeVisible();
  await expect(tree.locator('[data-path="person.birthDate"]')).toContainText('[31/02/1939] is not a valid date');
  await page.getByRole('heading', { name: 'Failed records', level: 3 }).scrollIntoViewIfNeeded();
  await page.getByRole('main').evaluate((main) => main.scrollBy(0, main.scrollHeight));
  await page.screenshot({ path: path.join(screenshotDir, 'batches-failed-records.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: `Download failed-records-${loaded.failedBatch}.json` }).click();
  const download = await downloading;
  const saved = await readFile(await download.path(), 'utf8');
  const lines = saved
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { personalEmail: { address: string }; _validationErrors: unknown[] });
  expect(lines).toHaveLength(1);
  expect(lines[0]?.personalEmail.address).toBe('barbara@example.com');
  expect(lines[0]?._validationErrors.length).toBeGreaterThan(0);
});

test('looks a profile up: identities, attributes, events on a timeline, raw JSON; then one that does not exist, and a 403', async ({ app: page, server }) => {
  await openScreen(page, 'Profiles');
  await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
  const namespace = page.getByRole('combobox', { name: 'Namespace' });
  await expect(namespace).toHaveValue('Email');
  await page.getByRole('textbox', { name: 'Identity value' }).fill('ada@example.com');
  await page.getByRole('button', { name: 'Look up' }).click();

  await expect(page.getByText(/^Profile .* for Email “ada@example\.com”, last modified/)).toBeVisible();
  const identities = page.getByRole('table', { name: 'Identities' });
  await expect(identities.getByRole('row', { name: 'email ada@example.com' })).toContainText('Primary');
  await expect(identities.getByRole('row', { name: 'crmid C-1001' })).toBeVisible();
  const attributes = page.getByRole('group', { name: 'Merged attributes' });
  await expect(attributes).toContainText('firstNameAda');
  await expect(attributes).toContainText('birthDate1815-12-10');
  await expect(attributes).toContainText('points1200');
  const sources = page.getByRole('list', { name: 'Contributing datasets' });
  await expect(sources).toContainText('XDM Loader Customers');
  await expect(sources).toContainText('XDM Loader Events');

  const timeline = page.getByLabel('Experience events');
  const days = timeline.getByRole('heading', { level: 4 });
  await expect(days).toHaveText(['Thu, May 2, 2024', 'Wed, May 1, 2024']);
  const items = timeline.getByRole('listitem').filter({ has: page.locator('time') });
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('6:40:00 PM');
  await expect(items.nth(0)).toContainText('commerce.purchases');
  await expect(items.nth(0)).toContainText('249.5');
  await expect(items.nth(2)).toContainText('web.webpagedetails.pageViews');
  await expect(items.nth(2)).toContainText('Home');

  await page.screenshot({ path: path.join(screenshotDir, 'profiles.png'), fullPage: true });

  const raw = page.getByLabel('Raw JSON');
  await expect(raw).toBeHidden();
  await page.getByText('Raw JSON', { exact: true }).click();
  await expect(raw).toContainText('"entityId"');
  await expect(raw).toContainText('"ev-ada-3"');
  await page.getByRole('main').evaluate((main) => main.scrollBy(0, main.scrollHeight));
  await page.screenshot({ path: path.join(screenshotDir, 'profiles-raw-json.png'), fullPage: true });

  await page.getByRole('textbox', { name: 'Identity value' }).fill('nobody@example.com');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('heading', { name: 'No profile for Email “nobody@example.com”' })).toBeVisible();
  await expect(page.getByText(/check that the dataset and its schema are enabled for Profile/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Identities' })).toHaveCount(0);
  await page.screenshot({ path: path.join(screenshotDir, 'profiles-not-found.png'), fullPage: true });

  // The org loses its Profile entitlement: a refusal, explained, not "not found".
  const sandbox = await server.sandbox();
  const switched = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profileEntitlement: false }),
  });
  expect(switched.ok).toBe(true);
  await page.getByRole('textbox', { name: 'Identity value' }).fill('ada@example.com');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('heading', { name: 'Not allowed to read profiles on this connection' })).toBeVisible();
  await expect(page.getByText(/Real-Time CDP Ultimate/)).toBeVisible();
  await expect(page.getByText(/says nothing about whether the profile exists/)).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDir, 'profiles-forbidden.png'), fullPage: true });
});

test('a profile looked up by its CRM id keeps Primary on its e-mail and marks the CRM id as the one looked up', async ({ app: page }) => {
  // Ada's records carry her CRM id in the identity map, not as primary; the schema's primary identity is her e-mail.
  await openScreen(page, 'Profiles');
  const lookup = page.getByRole('form', { name: 'Look up a profile' });
  await lookup.getByRole('combobox', { name: 'Namespace' }).fill('CRMID');
  await page.getByRole('option', { name: /^CRMID/ }).click();
  await lookup.getByRole('textbox', { name: 'Identity value' }).fill('C-1001');
  await lookup.getByRole('button', { name: 'Look up' }).click();

  await expect(page.getByText(/^Profile .* for CRMID “C-1001”, last modified/)).toBeVisible({ timeout: 30_000 });
  const identities = page.getByRole('table', { name: 'Identities' });
  const email = identities.getByRole('row', { name: 'email ada@example.com' });
  const crmId = identities.getByRole('row', { name: 'crmid C-1001' });
  await expect(email.locator('.profile-mark')).toHaveText(['Primary']);
  await expect(crmId.locator('.profile-mark')).toHaveText(['Looked up']);
  await page.screenshot({ path: path.join(screenshotDir, 'profiles-by-crm-id.png'), fullPage: true });
});

test('Batches and Profiles by keyboard: a dataset and a status filter, a batch’s detail and failed records, a profile looked up, every focus shown', async ({
  app: page,
  loaded,
}) => {
  test.setTimeout(240_000);
  await tabTo(page, /^button "Batches"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Batches', level: 1 })).toBeVisible();
  // The picker comes with the datasets: until then the screen has nothing to Tab to.
  await expect(page.getByRole('button', { name: /Dataset/ })).toBeEnabled({ timeout: 30_000 });
  await tabTo(page, /^button ".*Dataset"$/);
  await page.keyboard.press('ArrowDown');
  await chooseOption(page, /XDM Loader Customers/);
  const table = page.getByRole('table', { name: 'Batches' });
  await expect(table.getByRole('row')).toHaveCount(3);

  // The status filter: only the failed batch is left.
  await tabTo(page, /^button ".*Status"$/);
  await page.keyboard.press('ArrowDown');
  await chooseOption(page, /^Failed$/);
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row', { name: loaded.failedBatch })).toBeVisible();

  // Its detail, and its failed records.
  await tabTo(page, new RegExp(`^button "Open batch ${loaded.failedBatch}"$`));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Batch ${loaded.failedBatch}`, level: 2 })).toBeVisible();
  await tabTo(page, /^button "Show failed records \(1\)"$/);
  await page.keyboard.press('Space');
  await expect(page.getByRole('table', { name: 'Failed records' }).getByRole('row', { name: 'Failed record 1' })).toContainText('person.birthDate');
  await shiftTabTo(page, /^button "All batches"$/);
  await page.keyboard.press('Enter');
  await expect(table.getByRole('row', { name: loaded.failedBatch })).toBeVisible();

  // Profiles: the identity value has focus when the screen opens; Enter looks it up.
  await shiftTabTo(page, /^button "Profiles"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
  await settled(page);
  const value = await focusShows(page);
  expect(value.name).toMatch(/^input "Identity value/);
  expect(value.visible, 'focus shows on the identity value').toBe(true);
  await page.keyboard.type('ada@example.com');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Profile .* for Email “ada@example\.com”, last modified/)).toBeVisible({ timeout: 30_000 });
  await tabTo(page, /^summary "Raw JSON"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Raw JSON')).toContainText('"entityId"');
});
