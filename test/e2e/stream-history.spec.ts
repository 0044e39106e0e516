import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { nav, settled } from './screens';
import { checkUsable, layoutProblems } from './usable';
import { expect, repoRoot, test } from './browser-mode';

/**
 * Issue 16, in browser mode on the Local sandbox: a streaming run is in the Jobs screen's History
 * and warns a batch of the same records before it starts; a flat Parquet file is not offered "as
 * is"; hard XDM words have an info button with Adobe's page; the Map step's first-run hint is
 * dismissed for good; the profile's identity badges keep their words on one line.
 */

const DOCS = 'https://experienceleague.adobe.com/en/docs/experience-platform/';

/** Three customer records in XDM; the second one's birth date is not a date. */
function customers(): Buffer {
  const records = [
    { personalEmail: { address: 'history1@example.com' }, person: { name: { firstName: 'Grace', lastName: 'Hopper' } } },
    { personalEmail: { address: 'history2@example.com' }, person: { name: { firstName: 'Alan' }, birthDate: '23/06/1912' } },
    { personalEmail: { address: 'history3@example.com' }, person: { name: { firstName: 'Ada', lastName: 'Lovelace' } } },
  ];
  return Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/**
 * Opens the info button named `About <term>` by keyboard, checks its text and link (and runs
 * `check` on the open popover), and closes it with Escape, the focus back on the button.
 */
async function explainsByKeyboard(page: Page, term: string, words: RegExp, docsPath: string, check?: () => Promise<void>): Promise<void> {
  const button = page.getByRole('button', { name: `About ${term}` }).first();
  await button.focus();
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  // The popover is a dialog of its own (inside a modal one, the last).
  const help = page.getByRole('dialog').filter({ hasText: words });
  await expect(help).toHaveCount(1);
  await expect(help.getByRole('link', { name: /in Adobe’s documentation$/ })).toHaveAttribute('href', `${DOCS}${docsPath}`);
  await settled(page);
  if (check) await check();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(button).toBeFocused();
}

test('a flat Parquet file is not offered as is; the Map step explains its words and its first-run hint stays dismissed', async ({ app: page }) => {
  test.setTimeout(240_000);
  const parquet = await readFile(path.join(repoRoot, 'assets', 'samples', 'customers.parquet'));
  await dropFile(page, 'customers.parquet', parquet);
  await expect(page.getByRole('heading', { name: 'customers.parquet', level: 2 })).toBeVisible({ timeout: 30_000 });
  // customer_id, email, first_name…: a table, not XDM records.
  await expect(page.getByRole('button', { name: 'Map to XDM', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload as is' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  const hint = page.getByRole('region', { name: 'Which target to choose' });
  await expect(hint).toContainText('Start with Load into');
  await page.getByRole('button', { name: 'Accept suggestions' }).click();
  await checkUsable(page, 'map-first-run-hint');
  await explainsByKeyboard(page, 'class', /XDM Individual Profile/, 'xdm/schema/composition#class', () => checkUsable(page, 'map-term-help'));
  await explainsByKeyboard(page, 'identity namespace', /Email, Phone, ECID/, 'identity/features/namespaces');
  await explainsByKeyboard(page, 'authenticated state', /Ambiguous/, 'xdm/schema/composition#identityMap');
  await explainsByKeyboard(page, 'primary identity', /exactly one/, 'xdm/ui/fields/identity');

  await hint.getByRole('button', { name: 'Got it' }).click();
  await expect(hint).toHaveCount(0);
  // Remembered: after a reload (a new start of the page) the hint stays dismissed.
  await page.reload();
  await dropFile(page, 'customers.parquet', parquet);
  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await expect(page.getByRole('button', { name: /Target schema/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Which target to choose' })).toHaveCount(0);

  // Creating a target from the file: where each field comes from, a class or a field group.
  await page.getByRole('button', { name: 'Create a target from this file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a target from this file' });
  await expect(dialog.getByRole('button', { name: 'About field group' })).toBeVisible({ timeout: 60_000 });
  await explainsByKeyboard(page, 'field group', /reusable set of fields/, 'xdm/schema/composition#field-group', () =>
    checkUsable(page, 'target-from-file-term-help'),
  );
  await expect(dialog).toBeVisible();
});

test('a streaming run is in History, a batch of the same records is warned first, and the profile’s badges stay whole', async ({ app: page }) => {
  test.setTimeout(240_000);
  await dropFile(page, 'history.jsonl', customers());
  await page.getByRole('button', { name: 'Upload as is' }).click();
  await page.getByRole('button', { name: /Dataset$/ }).click();
  await page.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible({ timeout: 30_000 });
  const checks = page.getByRole('list', { name: 'Preflight checks' });
  await expect(checks).not.toContainText('already streamed');
  await explainsByKeyboard(page, 'union schema', /enabled for Profile/, 'profile/ui/union-schema');

  await page.getByRole('region', { name: 'By streaming' }).getByRole('button', { name: 'Send by streaming' }).click();
  const results = page.getByRole('region', { name: 'Streaming results of history.jsonl' });
  await expect(results.getByRole('status', { name: 'Streaming summary: 2 accepted, 1 rejected.' })).toBeVisible({ timeout: 30_000 });
  // Preflight runs again on its own: a batch of these records now would load them twice.
  const warning = checks.getByRole('listitem').filter({ hasText: 'These records were already streamed' });
  await expect(warning).toBeVisible({ timeout: 30_000 });
  await expect(warning).toContainText('(2 records taken) into this dataset');
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload, with 1 warning' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload', exact: true })).toBeEnabled();
  await checkUsable(page, 'upload-sent-before');

  await nav(page, 'Jobs').click();
  const history = page.getByRole('table', { name: 'Upload history' });
  const row = history.getByRole('row').filter({ hasText: 'history.jsonl' });
  await expect(row).toContainText('JSON, streamed (validated one by one)', { timeout: 30_000 });
  await expect(row).toContainText('2 accepted, 1 rejected');
  // A stream is not a batch, and 2 of 3 records taken is not a failure.
  await expect(row.getByRole('cell').nth(3)).toHaveText('Sent, 1 rejected');
  await expect(row).not.toContainText('Failed');
  await expect(history.getByRole('columnheader', { name: 'Batch or stream' })).toBeVisible();
  await expect(row.getByRole('button', { name: /Resume/ })).toHaveCount(0);
  await checkUsable(page, 'jobs-history-stream');

  await nav(page, 'Profiles').click();
  const lookup = page.getByRole('form', { name: 'Look up a profile' });
  await explainsByKeyboard(page, 'identity namespace', /Email, Phone, ECID/, 'identity/features/namespaces');
  await lookup.getByRole('combobox', { name: 'Namespace' }).fill('Email');
  await lookup.getByRole('textbox', { name: 'Identity value' }).fill('history1@example.com');
  await lookup.getByRole('button', { name: 'Look up' }).click();
  const asked = page.getByRole('row', { name: 'Email history1@example.com' });
  await expect(asked).toContainText('Looked up', { timeout: 30_000 });
  await checkUsable(page, 'profile-badges');
  // The narrowest the Identities column gets beside the other panels: its badges still on one line each.
  await page.setViewportSize({ width: 1200, height: 900 });
  await settled(page);
  expect(await layoutProblems(page)).toEqual([]);
});
