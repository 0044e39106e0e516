import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { expect, repoRoot, test } from './browser-mode';

/**
 * The Map step's defects a new user met (issue 16), each as the step that showed it.
 * Why one walk: each defect is a moment of the same journey (open the step, press +, accept,
 * write a bad rule, fix an identity), and the server start-up is the test's main cost.
 */
test('the Map step never claims a sample it did not check, starts + from a matching column, lists unmapped columns and lets a namespace be retyped', async ({
  app,
}) => {
  // A long walk of a busy screen; on a loaded machine it takes most of the default minute.
  test.slow();
  await dropFile(app, 'customers.csv', await readFile(path.join(repoRoot, 'assets', 'samples', 'customers.csv')));
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await expect(app.getByRole('button', { name: 'Accept suggestions' })).toBeVisible();

  // Before any rule, every record is empty: that is not "10 of 10 accepted".
  const summary = app.getByRole('region', { name: 'Validation summary' });
  await expect(summary).toContainText('Nothing is mapped yet');
  await expect(summary).not.toContainText('accepted');

  // "+" beside homeAddress.city starts from the city column, not the first one (customer_id).
  await app.getByRole('tab', { name: 'XDM fields' }).click();
  await app.getByRole('searchbox', { name: 'Search XDM fields' }).fill('homeAddress.city');
  await app.getByRole('button', { name: 'Map a column to homeAddress.city', exact: true }).click();
  await expect(app.getByRole('button', { name: /Rule 1 column/ })).toContainText('city');

  // After accepting, what is left unmapped stays in view.
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  const unmapped = app.getByRole('list', { name: 'Unmapped columns' });
  await expect(unmapped).toContainText('notes');
  await expect(unmapped).not.toContainText('city');

  // An invalid rule: the sample says so, and Prepare file is off until it is removed.
  await app.getByRole('tab', { name: 'Sample records' }).click();
  await expect(summary).toContainText(/\d+ of 10 sample rows accepted/);
  await app.getByRole('button', { name: 'Add rule' }).click();
  const added = app.getByRole('listitem', { name: /^Rule \d+$/ }).last();
  const n = ((await added.getAttribute('aria-label')) ?? '').replace('Rule ', '');
  await added.getByRole('button', { name: `Rule ${n} source kind` }).click();
  await app.getByRole('option', { name: 'Expression' }).click();
  await added.getByRole('textbox', { name: `Rule ${n} expression` }).fill('upper(no_such_column)');
  await added.getByRole('combobox', { name: `Rule ${n} XDM field` }).fill('person.name.middleN');
  await app.getByRole('option', { name: 'person.name.middleName' }).click();
  await expect(added.getByRole('alert')).toContainText('no column named');
  await expect(summary).toContainText('1 rule is invalid');
  await expect(summary).not.toContainText('accepted');
  await expect(app.getByRole('button', { name: 'Prepare file' })).toBeDisabled();
  await added.getByRole('button', { name: `Remove rule ${n}` }).click();
  await expect(app.getByRole('button', { name: 'Prepare file' })).toBeEnabled();
  await expect(summary).toContainText(/\d+ of 10 sample rows accepted/);

  // The namespace can be emptied and retyped, not appended to.
  const namespace = app.getByRole('listitem', { name: 'Identity 1' }).getByRole('combobox', { name: 'Identity 1 namespace' });
  await expect(namespace).toHaveValue('CRMID');
  await namespace.click();
  await app.keyboard.press('ControlOrMeta+A');
  await app.keyboard.press('Backspace');
  await expect(namespace).toHaveValue('');
  await app.keyboard.type('Email');
  await expect(namespace).toHaveValue(/^Email/);
  await app.keyboard.press('Escape');
  await expect(namespace).toHaveValue('Email');
});
