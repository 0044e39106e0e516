import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { expect, repoRoot, screenshotDir, test } from './browser-mode';
import { nav } from './screens';
import { checkUsable } from './usable';

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

  const rule = (column: string) =>
    app.getByRole('listitem', { name: /^Rule \d+$/ }).filter({ has: app.getByRole('button', { name: new RegExp(`^${column} `) }) });
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
  await expect(checks.getByRole('listitem', { name: "Fields in the dataset's schema: Passed" })).toBeVisible({ timeout: 30_000 });
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
  // The Load into list leaves the page after its closing animation; until then its "XDM Loader
  // Events" option would match beside the Target schema list's own.
  await expect(app.getByRole('listbox')).toHaveCount(0);
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
  const fields = checks.getByRole('listitem', { name: "Fields in the dataset's schema: Failed" });
  await expect(fields).toContainText('timestamp, eventType, productListItems', { timeout: 30_000 });
  await expect(checks.getByRole('listitem', { name: 'Schema of the mapping: Failed' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Upload', exact: true })).toBeDisabled();
  await app.screenshot({ path: path.join(screenshotDir, 'events-preflight-mismatch.png'), fullPage: true });
});

test('an array element typed at any index keeps several columns in one element: on blur, in the record, in a Data Prep mapping set saved and loaded again', async ({
  app,
}) => {
  test.slow();
  const csv = [
    'event_id,email,timestamp,event_type,product_sku,gift_sku,gift_quantity',
    'e-1,ana@example.com,2024-05-01T10:00:00Z,commerce.purchases,SKU-1,GIFT-7,2',
    'e-2,bo@example.com,2024-05-01T11:00:00Z,commerce.purchases,SKU-2,GIFT-8,3',
  ].join('\n');
  await dropFile(app, 'gifts.csv', Buffer.from(csv));
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  // The events schema has no e-mail field: the banner says the column becomes the primary identity, not "no match".
  const suggestions = app.getByRole('region', { name: 'Suggestions' });
  await expect(suggestions).toContainText('email → identity Email, primary (identityMap.Email)');
  await expect(suggestions).not.toContainText('email no match');
  await app.getByRole('button', { name: 'Accept suggestions' }).click();

  const rule = (column: string) =>
    app.getByRole('listitem', { name: /^Rule \d+$/ }).filter({ has: app.getByRole('button', { name: new RegExp(`^${column} `) }) });
  /** A rule reading `column`, its destination typed whole and left by Tab. */
  const typeDestination = async (column: string, destination: string) => {
    let row = rule(column);
    if ((await row.count()) === 0) {
      await app.getByRole('button', { name: 'Add rule' }).click();
      row = app.getByRole('listitem', { name: /^Rule \d+$/ }).last();
      const n = ((await row.getAttribute('aria-label')) ?? '').replace('Rule ', '');
      await row.getByRole('button', { name: `Rule ${n} column` }).click();
      await app.getByRole('option', { name: column, exact: true }).click();
      row = rule(column);
    }
    const field = row.getByRole('combobox', { name: /XDM field/ });
    await field.fill(destination);
    // The open list hides the rest of the page from assistive technology, the row's column button included.
    await app.keyboard.press('Tab');
    await expect(field).toHaveValue(destination);
    return field;
  };
  const gift = await typeDestination('gift_sku', 'productListItems[2].SKU');
  await typeDestination('gift_quantity', 'productListItems[2].quantity');
  // Kept when the field is left again, and offered in the list for that element's other fields.
  await gift.focus();
  await gift.blur();
  await expect(gift).toHaveValue('productListItems[2].SKU');
  // Text that names no field of the schema is put back.
  await gift.fill('productListItems[2].noSuchField');
  await app.keyboard.press('Tab');
  await expect(gift).toHaveValue('productListItems[2].SKU');

  // One element holds both gift columns, next to the first product.
  const record = app.getByRole('group', { name: 'XDM record of row 1' });
  await expect(record).toContainText('"GIFT-7"');
  await expect(record).toContainText(/\[1\]\{\}(quantity: 2SKU: "GIFT-7"|SKU: "GIFT-7"quantity: 2)/);
  await expect(record).toContainText('"SKU-1"');
  await app.screenshot({ path: path.join(screenshotDir, 'events-array-element.png'), fullPage: true });

  // Saved as an AEP Data Prep mapping set: the element by its index.
  await app.getByRole('button', { name: 'Save mapping…' }).click();
  const saveDialog = app.getByRole('dialog');
  await saveDialog.getByRole('textbox', { name: 'Name' }).fill('gifts-dataprep');
  await saveDialog.getByRole('radio', { name: 'AEP Data Prep mapping set' }).check();
  await saveDialog.getByRole('button', { name: 'Save' }).click();
  const downloading = app.waitForEvent('download');
  await saveDialog.getByRole('link', { name: /Download/ }).click();
  const saved = JSON.parse(await readFile(await (await downloading).path(), 'utf8')) as {
    mappings?: Array<{ source: string; destination: string }>;
    mappingSet?: { mappings: Array<{ source: string; destination: string }> };
  };
  const mappings = saved.mappingSet?.mappings ?? saved.mappings ?? [];
  expect(mappings).toContainEqual(expect.objectContaining({ source: 'gift_sku', destination: 'productListItems[2].SKU' }));
  expect(mappings).toContainEqual(expect.objectContaining({ source: 'gift_quantity', destination: 'productListItems[2].quantity' }));
  await saveDialog.getByRole('button', { name: 'Close' }).click();

  // Loaded back after the rules are gone: the element comes back as it was.
  await gift.fill('productListItems[0].name');
  await app.keyboard.press('Tab');
  await expect(gift).toHaveValue('productListItems[0].name');
  // The Load dialog by keyboard: Escape closes it and gives the focus back to its button.
  const load = app.getByRole('button', { name: 'Load mapping…' });
  await load.focus();
  await app.keyboard.press('Enter');
  const loadDialog = app.getByRole('dialog');
  await expect(loadDialog.getByRole('heading', { name: 'Load mapping' })).toBeVisible();
  await checkUsable(app, 'map-load-dialog');
  await app.keyboard.press('Escape');
  await expect(loadDialog).toHaveCount(0);
  await expect(load).toBeFocused();
  await app.keyboard.press('Enter');
  await loadDialog.getByRole('button', { name: /Saved mappings/ }).click();
  await app.getByRole('option', { name: /gifts-dataprep/ }).click();
  await loadDialog.getByRole('button', { name: 'Load' }).click();
  await expect(rule('gift_sku').getByRole('combobox', { name: /XDM field/ })).toHaveValue('productListItems[2].SKU');
  await expect(rule('gift_quantity').getByRole('combobox', { name: /XDM field/ })).toHaveValue('productListItems[2].quantity');
  await expect(record).toContainText(/\[1\]\{\}(quantity: 2SKU: "GIFT-7"|SKU: "GIFT-7"quantity: 2)/);
  await expect(app.getByText(/primary identities$/)).toHaveCount(0);

  // A mapping file with two primary identities: said on the Map step, before any preflight, and fixed in one click.
  const twoPrimaries = {
    version: 1,
    rules: [
      { source: { kind: 'column', column: 'timestamp' }, destination: 'timestamp' },
      { source: { kind: 'column', column: 'event_id' }, destination: '_id' },
    ],
    identities: [
      { column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' },
      { column: 'event_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' },
    ],
  };
  await app.getByRole('button', { name: 'Load mapping…' }).click();
  const chooser = app.waitForEvent('filechooser');
  await app.getByRole('dialog').getByRole('button', { name: 'Open a mapping file…' }).click();
  await (await chooser).setFiles({ name: 'two-primaries.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(twoPrimaries)) });
  const warning = app.getByText('Each record would have 2 primary identities').locator('..');
  await expect(warning).toContainText('email as Email (identityMap); event_id as CRMID (identityMap)');
  await app.screenshot({ path: path.join(screenshotDir, 'mapping-two-primaries.png'), fullPage: true });
  await warning.getByRole('button', { name: 'Keep email (Email) as the only primary' }).click();
  await expect(app.getByText(/primary identities$/)).toHaveCount(0);
  await expect(app.getByRole('listitem', { name: 'Identity 1' }).getByRole('checkbox', { name: 'Primary' })).toBeChecked();
  await expect(app.getByRole('listitem', { name: 'Identity 2' }).getByRole('checkbox', { name: 'Primary' })).not.toBeChecked();
});
