import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { expect, repoRoot, screenshotDir, test } from './browser-mode';
import { nav } from './screens';

/**
 * Issue 15 through the screens alone, on the Local sandbox's seeded targets:
 * (b) events.csv → the events dataset's schema, products by element → upload → the profile's timeline;
 * (c) a target schema that is not the dataset's is caught on the Map step and stopped by preflight.
 */
const eventsCsv = path.join(repoRoot, 'assets', 'samples', 'events.csv');

test('(b) events.csv with its products goes from drop to the profile’s event timeline', async ({ app }) => {
  test.setTimeout(240_000);
  const text = await readFile(eventsCsv, 'utf8');
  const [eventId, email, , eventType, sku] = (text.split('\n')[1] ?? '').split(',');
  await dropFile(app, 'events.csv', Buffer.from(text));
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();

  // The mapping follows a dataset: the events one, for a file with an event time.
  await expect(app.getByRole('button', { name: /Target schema/ })).toContainText('XDM Loader Events');
  await expect(app.getByRole('button', { name: /Load into/ })).toContainText('XDM Loader Events');
  const suggestions = app.getByRole('region', { name: 'Suggestions' });
  await expect(suggestions).toContainText('productListItems[0].SKU');
  await expect(suggestions).toContainText('productListItems[0].priceTotal');
  await expect(suggestions).toContainText('1 identity');
  await app.getByRole('button', { name: 'Accept suggestions' }).click();

  const rule = (column: string) => app.getByRole('listitem', { name: /^Rule \d+$/ }).filter({ has: app.getByRole('button', { name: new RegExp(`^${column} `) }) });
  await expect(rule('event_id').getByRole('combobox', { name: /XDM field/ })).toHaveValue('_id');
  await expect(rule('timestamp').getByRole('combobox', { name: /XDM field/ })).toHaveValue('timestamp');
  const skuField = rule('product_sku').getByRole('combobox', { name: /XDM field/ });
  await expect(skuField).toHaveValue('productListItems[0].SKU');
  // The element index is kept when the field loses focus (it used to be reverted).
  await skuField.focus();
  await skuField.blur();
  await expect(skuField).toHaveValue('productListItems[0].SKU');
  await expect(app.getByRole('listitem', { name: 'Identity 1' }).getByRole('button', { name: /column/ })).toContainText('email');
  const record = app.getByRole('group', { name: 'XDM record of row 1' });
  await expect(record).toContainText(`"${sku}"`);
  await app.screenshot({ path: path.join(screenshotDir, 'events-mapping.png') });

  await app.getByRole('button', { name: 'Prepare file' }).click();
  await expect(app.getByText('Completed')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByLabel('Prepare summary')).toContainText('Rows rejected0');
  await app.getByRole('button', { name: 'Upload…' }).click();
  // The Upload step starts from the dataset the mapping followed.
  await expect(app.getByRole('button', { name: /Dataset$/ })).toContainText('XDM Loader Events');
  await app.getByRole('button', { name: 'Run preflight' }).click();
  const checks = app.getByRole('list', { name: 'Preflight checks' });
  await expect(checks.getByRole('listitem', { name: 'Fields in the dataset\'s schema: Passed' })).toBeVisible({ timeout: 30_000 });
  await expect(checks.getByRole('listitem', { name: 'Primary identity: Passed' })).toBeVisible();
  await app.getByRole('button', { name: 'Upload', exact: true }).click();
  const card = app.getByRole('article', { name: 'Upload of events.csv' });
  await expect(card.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 90_000 });

  await nav(app, 'Profiles').click();
  const lookup = app.getByRole('form', { name: 'Look up a profile' });
  await lookup.getByRole('combobox', { name: 'Namespace' }).fill('Email');
  await lookup.getByRole('textbox', { name: 'Identity value' }).fill(email ?? '');
  await lookup.getByRole('button', { name: 'Look up' }).click();
  const timeline = app.getByLabel('Experience events');
  await expect(timeline.getByRole('listitem', { name: `${eventType} ${eventId}` })).toBeVisible({ timeout: 30_000 });
  await app.screenshot({ path: path.join(screenshotDir, 'events-timeline.png'), fullPage: true });
});

test('(c) a target schema that is not the dataset’s is caught on the Map step and stopped before upload, the missing fields named', async ({ app }) => {
  test.setTimeout(180_000);
  await dropFile(app, 'events.csv', await readFile(eventsCsv));
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await expect(app.getByRole('button', { name: /Load into/ })).toContainText('XDM Loader Events');
  await app.getByRole('button', { name: 'Accept suggestions' }).click();

  // Loading into the customers dataset while mapping to the events schema: said at once, fields named.
  await app.getByRole('button', { name: /Load into/ }).click();
  await app.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await expect(app.getByRole('button', { name: /Target schema/ })).toContainText('XDM Loader Customers');
  await app.getByRole('button', { name: /Target schema/ }).click();
  await app.getByRole('option', { name: /XDM Loader Events/ }).click();
  const alert = app.getByText(/Dataset “XDM Loader Customers” does not use the target schema/).locator('..');
  await expect(alert).toContainText('timestamp');
  await expect(alert).toContainText('productListItems[].SKU');
  await app.screenshot({ path: path.join(screenshotDir, 'events-dataset-mismatch.png') });

  // Prepared anyway: preflight fails on the Upload step, naming them, and Upload stays off.
  await app.getByRole('button', { name: 'Prepare file' }).click();
  await expect(app.getByText('Completed')).toBeVisible({ timeout: 60_000 });
  await app.getByRole('button', { name: 'Upload…' }).click();
  await expect(app.getByRole('button', { name: /Dataset$/ })).toContainText('XDM Loader Customers');
  await app.getByRole('button', { name: 'Run preflight' }).click();
  const checks = app.getByRole('list', { name: 'Preflight checks' });
  const fields = checks.getByRole('listitem', { name: 'Fields in the dataset\'s schema: Failed' });
  await expect(fields).toContainText('timestamp, eventType, productListItems', { timeout: 30_000 });
  await expect(checks.getByRole('listitem', { name: 'Schema of the mapping: Failed' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Upload', exact: true })).toBeDisabled();
  await app.screenshot({ path: path.join(screenshotDir, 'events-preflight-mismatch.png'), fullPage: true });
});
