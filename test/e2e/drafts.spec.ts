import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dropFile } from './drop';
import { expect, repoRoot, screenshotDir, test } from './browser-mode';

const samples = path.join(repoRoot, 'assets', 'samples');

/** The drafts main has written, as text (the test waits for the last edit to be kept). */
async function draftsOnDisk(home: string): Promise<string> {
  const dir = path.join(home, 'drafts');
  const names = await readdir(dir).catch(() => [] as string[]);
  const texts = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readFile(path.join(dir, n), 'utf8')));
  return texts.join('\n');
}

/** Drops customers.csv, accepts the suggestions and makes the phone a home phone; waits until main keeps it. */
async function mapWithAnEdit(app: Page, home: string, bytes: Buffer): Promise<void> {
  await dropFile(app, 'customers.csv', bytes);
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(app.getByRole('listitem', { name: /^Rule \d+$/ })).toHaveCount(11);
  const phoneField = phoneFieldOf(app);
  await phoneField.fill('homePhone.num');
  await app.getByRole('option', { name: 'homePhone.number' }).click();
  await expect(phoneField).toHaveValue('homePhone.number');
  await expect.poll(() => draftsOnDisk(home)).toContain('homePhone.number');
}

const phoneFieldOf = (app: Page) => app.getByRole('listitem', { name: 'Rule 5' }).getByRole('combobox', { name: 'Rule 5 XDM field' });

test('a reload in the middle of mapping keeps the mapping: the file is listed as recent, opens with a click, and its draft comes back', async ({
  app,
  server,
}) => {
  // The file is opened and its mapping step loaded twice, around a reload.
  test.slow();
  await mapWithAnEdit(app, server.home, await readFile(path.join(samples, 'customers.csv')));
  // Rows with no identity: rejected rather than kept, a choice the draft keeps too.
  const noIdentity = () => app.getByRole('button', { name: /Rows with no identity/ });
  await expect(noIdentity()).toContainText('keeping rows with no identity');
  await noIdentity().click();
  await app.getByRole('option', { name: 'rejecting rows with no identity' }).click();
  await expect(noIdentity()).toContainText('rejecting rows with no identity');
  await expect.poll(() => draftsOnDisk(server.home)).toContain('"emptyIdentity":"reject"');

  await app.reload();
  await expect(app.getByRole('heading', { name: 'Prepare', level: 1 })).toBeVisible();
  const recent = app.getByRole('list', { name: 'Recent files' });
  await expect(recent.getByRole('button', { name: 'Open customers.csv' })).toBeVisible();
  await app.screenshot({ path: path.join(screenshotDir, 'recent-files.png') });

  await recent.getByRole('button', { name: 'Open customers.csv' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'was restored' })).toBeVisible();
  // The mapping step loads the schema as on a first visit: on a busy machine that takes a while.
  await expect(app.getByRole('listitem', { name: /^Rule \d+$/ })).toHaveCount(11, { timeout: 30_000 });
  await expect(phoneFieldOf(app)).toHaveValue('homePhone.number');
  await expect(app.getByRole('button', { name: /Target schema/ })).toContainText('XDM Loader Customers');
  await expect(noIdentity()).toContainText('rejecting rows with no identity');
  await expect(app.getByRole('region', { name: 'Suggestions' })).toBeHidden();
  await app.screenshot({ path: path.join(screenshotDir, 'draft-restored.png') });
});

test('a file that changed since its draft is told so, and its draft is applied only on request', async ({ app, server }) => {
  test.slow();
  const bytes = await readFile(path.join(samples, 'customers.csv'));
  await mapWithAnEdit(app, server.home, bytes);

  // The same name dropped again with one more row: another content, another fingerprint.
  const oneMoreRow = 'C999999,Zoe,Zed,zoe@example.com,+33100000000,1990-01-01,1,1.00,true,2024-01-01T00:00:00Z,1 Rue Neuve,Paris,75001,FR,\n';
  await dropFile(app, 'customers.csv', Buffer.concat([bytes, Buffer.from(oneMoreRow)]));
  const changed = app.getByText('This file changed since your last mapping of it');
  await expect(changed).toBeVisible();
  // Not applied: the file step is shown, as for a file never mapped.
  await expect(app.getByRole('button', { name: 'Map to XDM', exact: true })).toBeVisible();
  await app.screenshot({ path: path.join(screenshotDir, 'draft-changed.png') });

  await app.getByRole('button', { name: 'Restore it anyway' }).click();
  await expect(changed).toBeHidden();
  await expect(phoneFieldOf(app)).toHaveValue('homePhone.number', { timeout: 30_000 });
});
