import { expect, test } from './browser-mode';
import { nav } from './screens';
import { checkUsable } from './usable';

/**
 * A computer whose keychain cannot be reached (here: a session bus that does not exist).
 * The connection form says so in the steward's words, at its top, before the secret is typed, and
 * offers what Settings offers: the secret held for this session only. The D-Bus remedy is for
 * whoever looks after the computer, behind "Details". Nothing fails after Save.
 */
test.use({ serverEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xdm-loader-e2e-bus' } });

test('without a keychain the connection form says so before the secret is typed, and holds the secret for the session', async ({ app, server }) => {
  test.setTimeout(120_000);
  await nav(app, 'Connections').click();
  const list = app.getByRole('list', { name: 'Connections' });
  // The app starts its emulator for this test; the fixture learns its URL and credentials from serve.mjs.
  const local = list.getByRole('listitem', { name: 'Local sandbox' });
  await local.getByRole('button', { name: 'Test Local sandbox' }).click();
  await expect(local.getByRole('status').filter({ hasText: 'The connection works' })).toBeVisible();
  const sandbox = await server.sandbox();

  await app.getByRole('button', { name: 'Add connection' }).click();
  const dialog = app.getByRole('dialog');
  const notice = dialog.getByRole('alert').filter({ hasText: 'No keychain on this computer' });
  // Said at once, in view, above the fields, while the secret field is still empty.
  await expect(notice).toBeVisible();
  await expect(notice).toBeInViewport({ ratio: 1 });
  const secretField = dialog.getByLabel(/^Client secret/);
  await expect(secretField).toHaveValue('');
  const [noticeBox, secretBox] = await Promise.all([notice.boundingBox(), secretField.boundingBox()]);
  expect(noticeBox!.y + noticeBox!.height).toBeLessThanOrEqual(secretBox!.y);
  await expect(notice).toContainText('The client secret cannot be saved here: this computer has no keyring that XDM Loader can reach');
  await expect(notice).toContainText('kept for this session only');
  await expect(dialog).toContainText('Kept in XDM Loader’s memory for this session only');
  // No D-Bus words for the steward: the remedy is one click away.
  const technical = notice.getByText(/D-?Bus/);
  await expect(technical).toBeHidden();
  await checkUsable(app, 'connection-form-no-keychain');
  await notice.getByText('Details').click();
  await expect(technical).toBeVisible();

  await dialog.getByLabel(/^Name/).fill('Emulator');
  await dialog.getByLabel(/^IMS URL/).fill(sandbox.url);
  await dialog.getByLabel(/^Platform URL/).fill(sandbox.url);
  await dialog.getByLabel(/^Streaming URL/).fill(sandbox.url);
  await dialog.getByLabel(/^IMS org id/).fill(sandbox.orgId);
  await dialog.getByLabel(/^Client id/).fill(sandbox.clientId);
  await secretField.fill(sandbox.clientSecret);
  await dialog.getByLabel(/^Sandbox name/).fill(sandbox.sandboxName);
  await dialog.getByRole('button', { name: 'Add and test' }).click();

  // Saved, the secret held in memory, and the connection works with it.
  await expect(dialog).toHaveCount(0);
  const emulator = list.getByRole('listitem', { name: 'Emulator' });
  await expect(emulator.getByText('Held for this session only', { exact: true })).toBeVisible();
  await expect(emulator.getByRole('status').filter({ hasText: 'The connection works' })).toBeVisible({ timeout: 30_000 });

  // Editing says the same before a new secret is typed.
  await emulator.getByRole('button', { name: 'Edit Emulator' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'No keychain on this computer' })).toBeInViewport({ ratio: 1 });
});
