import path from 'node:path';
import { dropFile } from './drop';
import { nav, settled } from './screens';
import { checkUsable } from './usable';
import { type EmbeddedSandboxInfo, expect, screenshotDir, test } from './browser-mode';
import { aepHeaders } from './sandbox-api';

/**
 * A file with no matching schema, all the way to a profile through the screens alone (issue 15):
 * the Map step proposes a Profile-ready target from the file, creates it in AEP's order, the
 * mapping targets it, and the upload lands in its dataset.
 * Why a generated file: its columns match no seeded schema and no sample, so no existing target
 * can take it and the created one must.
 */

const FILE = 'loyalty-members.csv';
const SCHEMA = 'Loyalty members';
const DRAFT_SCHEMA = 'Loyalty members (draft)';
const DATASET = 'Loyalty members dataset';

function loyaltyMembers(count: number): Buffer {
  const lines = ['member_ref,contact_mail,tier_level,points_balance,joined_on'];
  for (let i = 1; i <= count; i++) lines.push(`LM-${1000 + i},loyal${i}@example.net,${i % 3 === 0 ? 'gold' : 'silver'},${i * 40},2023-0${(i % 9) + 1}-15`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('creates a target from a file with no schema (retrying after a failure midway), prepares and uploads into it, and finds the profile', async ({
  app: page,
  server,
}) => {
  test.setTimeout(180_000);
  await nav(page, 'Prepare').click();
  await dropFile(page, FILE, loyaltyMembers(25));
  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();

  // The proposal: nothing exists yet, every step will be created; the fields and the identity are shown first.
  await page.getByRole('button', { name: 'Create a target from this file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a target from this file' });
  await expect(dialog.getByRole('heading', { name: `Create a target from ${FILE}` })).toBeVisible();
  const fields = dialog.getByRole('table', { name: 'Fields of the new schema' });
  await expect(fields).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByRole('radio', { name: 'XDM Individual Profile' })).toBeChecked();
  await expect(dialog.getByText(/Guessed from the columns/)).toBeVisible();
  // Each column with the field it feeds and the type read from every row; the email column is the primary identity.
  await expect(fields.getByRole('row').filter({ hasText: 'contact_mail' })).toContainText('primary identity · Email');
  await expect(fields.getByRole('row').filter({ hasText: 'points_balance' })).toContainText('integer');
  await expect(fields.getByRole('row').filter({ hasText: 'joined_on' })).toContainText('date');
  const steps = dialog.getByRole('list').filter({ hasText: 'union tag' });
  await expect(steps.getByRole('listitem', { name: /^schema .*: Will be created$/ })).toBeVisible();
  await expect(steps.getByRole('listitem', { name: /^dataset .*: Will be created$/ })).toBeVisible();

  // A first name, changed after the failure below: the retry must take over what the stopped run made.
  await dialog.getByRole('textbox', { name: 'Schema name' }).fill(DRAFT_SCHEMA);
  await dialog.getByRole('textbox', { name: 'Dataset name' }).fill(DATASET);
  await checkUsable(page, 'target-from-file-dialog');

  // One confirmed step creates it all, in AEP's order; Catalog failing on the dataset stops it midway.
  const sandbox = await server.sandbox();
  const fault = await fetch(`${sandbox.url}/_sandbox/faults/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'status', status: 500, method: 'POST', path: '/data/foundation/catalog/dataSets', times: 10 }),
  });
  expect(fault.status).toBe(201);
  await dialog.getByRole('button', { name: 'Create target' }).click();
  await expect(dialog.getByText('Creation stopped midway')).toBeVisible({ timeout: 60_000 });
  await expect(steps.getByRole('listitem', { name: /^schema .*: Created$/ })).toBeVisible();
  await expect(steps.getByRole('listitem', { name: /^union tag .*: Created$/ })).toBeVisible();
  await expect(steps.getByRole('listitem', { name: `dataset "${DATASET}" (Profile and Identity): Failed` })).toBeVisible();
  await steps.scrollIntoViewIfNeeded();
  await settled(page);
  await page.screenshot({ path: path.join(screenshotDir, 'target-from-file-failed.png') });

  // The steward renames the schema, then retries: what the stopped run made is taken over under the new
  // names (no orphan field group or schema), what exists is found, only the dataset is created.
  expect((await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' })).ok).toBe(true);
  await dialog.getByRole('textbox', { name: 'Schema name' }).fill(SCHEMA);
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await expect(dialog.getByText('Target ready')).toBeVisible({ timeout: 30_000 });
  await expect(steps.getByRole('listitem', { name: `dataset "${DATASET}" (Profile and Identity): Created` })).toBeVisible();
  await expect(
    steps.getByRole('listitem', { name: `schema "${SCHEMA}" (XDM Individual Profile), renamed from "${DRAFT_SCHEMA}" left by an earlier run: Taken over` }),
  ).toBeVisible();
  await expect(
    steps.getByRole('listitem', {
      name: `field group "${SCHEMA}: file columns", renamed from "${DRAFT_SCHEMA}: file columns" left by an earlier run: Taken over`,
    }),
  ).toBeVisible();
  await expect(steps.getByRole('listitem', { name: /^union tag .*: Exists already$/ })).toBeVisible();
  await steps.scrollIntoViewIfNeeded();
  await settled(page);
  await page.screenshot({ path: path.join(screenshotDir, 'target-from-file-renamed-retry.png') });
  const titles = await registryTitles(sandbox);
  expect(titles.schemas.filter((t) => t.startsWith('Loyalty members'))).toEqual([SCHEMA]);
  expect(titles.fieldgroups.filter((t) => t.startsWith('Loyalty members'))).toEqual([`${SCHEMA}: file columns`]);
  await dialog.getByRole('button', { name: 'Back to the mapping' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Target schema/ })).toContainText(SCHEMA);

  // The same file again, by keyboard: what exists is found, nothing would be created twice; Escape
  // closes the dialog and the focus is back on the button that opened it.
  const opener = page.getByRole('button', { name: 'Create a target from this file…' });
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(steps.getByRole('listitem', { name: /^schema .*: Exists already$/ })).toBeVisible({ timeout: 30_000 });
  await expect(steps.getByRole('listitem', { name: /: Will be created$/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  // Prepare, then upload: the Upload step starts on the new dataset, and preflight passes.
  await page.getByRole('button', { name: 'Prepare file' }).click();
  await expect(page.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Upload…' }).click();
  await expect(page.getByRole('button', { name: /Dataset$/ })).toContainText(DATASET);
  await page.getByRole('button', { name: 'Run preflight' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const card = page.getByRole('article', { name: `Upload of ${FILE}` });
  await expect(card.getByRole('status', { name: 'Status: Succeeded' })).toBeVisible({ timeout: 60_000 });

  // The profile is found on the Profiles screen.
  await nav(page, 'Profiles').click();
  await page.getByRole('combobox', { name: 'Namespace' }).fill('Email');
  await page.getByRole('textbox', { name: 'Identity value' }).fill('loyal7@example.net');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByText(/^Profile .* for Email “loyal7@example\.net”/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Contributing datasets' })).toContainText(DATASET);
});

/** The titles of the tenant's schemas and field groups. */
async function registryTitles(sandbox: EmbeddedSandboxInfo): Promise<Record<'schemas' | 'fieldgroups', string[]>> {
  const headers = { ...(await aepHeaders(sandbox)), accept: 'application/vnd.adobe.xed-id+json' };
  const titles = async (kind: string) => {
    const reply = await fetch(`${sandbox.url}/data/foundation/schemaregistry/tenant/${kind}`, { headers });
    return ((await reply.json()) as { results: Array<{ title: string }> }).results.map((r) => r.title);
  };
  return { schemas: await titles('schemas'), fieldgroups: await titles('fieldgroups') };
}

/** Calls the embedded Local sandbox's Schema Registry as any AEP client would. */
async function registry(sandbox: EmbeddedSandboxInfo): Promise<(path: string, body: unknown) => Promise<Record<string, unknown>>> {
  const headers = { ...(await aepHeaders(sandbox)), 'content-type': 'application/json' };
  return async (path, body) => {
    const reply = await fetch(`${sandbox.url}/data/foundation/schemaregistry${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    expect(reply.status).toBe(201);
    return (await reply.json()) as Record<string, unknown>;
  };
}

test('enabling a schema for Profile on the Targets screen waits for its primary identity, then says what becomes permanent', async ({ app: page, server }) => {
  // The app starts its Local sandbox when a screen first needs it.
  await nav(page, 'Targets').click();
  await expect(page.getByRole('table', { name: 'Schemas' })).toBeVisible({ timeout: 30_000 });
  const post = await registry(await server.sandbox());
  const schema = await post('/tenant/schemas', {
    title: 'Loyalty draft',
    type: 'object',
    allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: 'https://ns.adobe.com/xdm/context/profile-personal-details' }],
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const row = page.getByRole('table', { name: 'Schemas' }).getByRole('row', { name: 'Loyalty draft' });
  await expect(row).toContainText('Needs a primary identity (or the Identity Map field group) before it can be enabled for Profile');
  await expect(row.getByRole('button', { name: 'Enable for Profile: Loyalty draft' })).toHaveCount(0);

  // AEP's order: the primary identity first; then enabling is offered, with its consequences.
  await post('/tenant/descriptors', {
    '@type': 'xdm:descriptorIdentity',
    'xdm:sourceSchema': schema.$id,
    'xdm:sourceVersion': 1,
    'xdm:sourceProperty': '/personalEmail/address',
    'xdm:namespace': 'Email',
    'xdm:property': 'xdm:code',
    'xdm:isPrimary': true,
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  // Opened and dismissed by keyboard first: Escape gives the focus back to the button.
  const enable = row.getByRole('button', { name: 'Enable for Profile: Loyalty draft' });
  await enable.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('a schema enabled for Profile can never be disabled');
  await expect(confirm).toContainText('Profile keys them by its primary identity, Email on /personalEmail/address.');
  await checkUsable(page, 'targets-enable-schema-dialog');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(enable).toBeFocused();
  await page.keyboard.press('Enter');
  await confirm.getByRole('button', { name: 'Enable for Profile' }).click();
  await expect(page.getByText('Schema enabled for Profile')).toBeVisible();
  await expect(row).not.toContainText('Needs a primary identity');

  // AEP's other way in: the Identity Map field group, each record naming its primary identity.
  await post('/tenant/schemas', {
    title: 'Loyalty by identityMap',
    type: 'object',
    allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: 'https://ns.adobe.com/xdm/context/identitymap' }],
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const mapRow = page.getByRole('table', { name: 'Schemas' }).getByRole('row', { name: 'Loyalty by identityMap' });
  await expect(mapRow).not.toContainText('Needs a primary identity');
  await mapRow.getByRole('button', { name: 'Enable for Profile: Loyalty by identityMap' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('each record must mark one of the identities in its identityMap as primary');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Enable for Profile' }).click();
  await expect(mapRow.getByText('Enabled', { exact: true })).toBeVisible();
});

test('a file with no identity-like column: the steward names the identity column and a new custom namespace', async ({ app: page }) => {
  await nav(page, 'Prepare').click();
  await dropFile(page, 'voucher-codes.csv', Buffer.from('voucher_ref,face_value\nV-001,10\nV-002,25\n'));
  await page.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await page.getByRole('button', { name: 'Create a target from this file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a target from this file' });
  await expect(dialog.getByText('No target could be proposed')).toBeVisible({ timeout: 30_000 });
  await expect(dialog).toContainText('looks like an identity');

  await dialog.getByRole('button', { name: /Primary identity column$/ }).click();
  await page.getByRole('option', { name: 'voucher_ref' }).click();
  await dialog.getByRole('combobox', { name: 'Identity namespace' }).fill('VoucherRef');
  await expect(dialog.getByText('“VoucherRef” is new: it is created as a custom namespace.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Read again with this identity' }).click();

  const fields = dialog.getByRole('table', { name: 'Fields of the new schema' });
  await expect(fields.getByRole('row').filter({ hasText: 'voucher_ref' })).toContainText('primary identity · VoucherRef', { timeout: 30_000 });
  const steps = dialog.getByRole('list').filter({ hasText: 'union tag' });
  await expect(steps.getByRole('listitem', { name: 'identity namespace VoucherRef: Will be created' })).toBeVisible();
});
