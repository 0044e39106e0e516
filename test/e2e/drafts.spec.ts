import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
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

test('a reload in the middle of mapping keeps the mapping: the file is listed as recent, opens with a click, and its draft comes back', async ({
  app,
  server,
}) => {
  // Two openings of the file, a reload and a third drop: three times the time of one mapping test.
  test.slow();
  const bytes = await readFile(path.join(samples, 'customers.csv'));
  await dropFile(app, 'customers.csv', bytes);
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  const rules = app.getByRole('listitem', { name: /^Rule \d+$/ });
  await expect(rules).toHaveCount(10);

  // An edit of the user's own: the phone is a home phone.
  const phoneField = app.getByRole('listitem', { name: 'Rule 5' }).getByRole('combobox', { name: 'Rule 5 XDM field' });
  await phoneField.fill('homePhone.num');
  await app.getByRole('option', { name: 'homePhone.number' }).click();
  await expect(phoneField).toHaveValue('homePhone.number');
  await expect.poll(() => draftsOnDisk(server.home)).toContain('homePhone.number');

  await app.reload();
  await expect(app.getByRole('heading', { name: 'Prepare', level: 1 })).toBeVisible();
  const recent = app.getByRole('list', { name: 'Recent files' });
  await expect(recent.getByRole('button', { name: 'Open customers.csv' })).toBeVisible();
  await app.screenshot({ path: path.join(screenshotDir, 'recent-files.png') });

  await recent.getByRole('button', { name: 'Open customers.csv' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'was restored' })).toBeVisible();
  // The mapping step loads the schema as on a first visit: on a busy machine that takes a while.
  await expect(rules).toHaveCount(10, { timeout: 30_000 });
  await expect(app.getByRole('listitem', { name: 'Rule 5' }).getByRole('combobox', { name: 'Rule 5 XDM field' })).toHaveValue('homePhone.number');
  await expect(app.getByRole('button', { name: /Target schema/ })).toContainText('Customer profile (standard)');
  await expect(app.getByRole('region', { name: 'Suggestions' })).toBeHidden();
  await app.screenshot({ path: path.join(screenshotDir, 'draft-restored.png') });

  // The same name dropped again, but another file as far as main can tell (the browser dates it
  // now): the draft is offered, not applied.
  await dropFile(
    app,
    'customers.csv',
    Buffer.concat([
      bytes,
      Buffer.from('C999999,Zoe,Zed,zoe@example.com,+33100000000,1990-01-01,1,1.00,true,2024-01-01T00:00:00Z,1 Rue Neuve,Paris,75001,FR,\n'),
    ]),
  );
  const changed = app.getByText('This file changed since your last mapping of it');
  await expect(changed).toBeVisible();
  await expect(app.getByRole('button', { name: 'Map to XDM', exact: true })).toBeVisible();
  await app.screenshot({ path: path.join(screenshotDir, 'draft-changed.png') });
  await app.getByRole('button', { name: 'Restore it anyway' }).click();
  await expect(changed).toBeHidden();
  await expect(app.getByRole('listitem', { name: 'Rule 5' }).getByRole('combobox', { name: 'Rule 5 XDM field' })).toHaveValue('homePhone.number');
});
