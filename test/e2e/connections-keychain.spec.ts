import { expect, test } from './browser-mode';
import { nav } from './screens';

/**
 * A computer whose keychain cannot be reached (here: a session bus that does not exist).
 * The steward must read what happened in their words, at the top of the dialog they are in;
 * the D-Bus remedy is for whoever looks after the computer, behind "Details".
 */
test.use({ serverEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xdm-loader-e2e-bus' } });

test('a keychain failure is said in the steward’s words, in view at the top of the connection dialog', async ({ app }) => {
  // Saving fails at the keychain, before anything is sent: the hosts and credentials are never used.
  const sandbox = { url: 'http://127.0.0.1:9', orgId: 'A1B2C3@AdobeOrg', clientId: 'client', clientSecret: 'p8e-secret', sandboxName: 'dev' };
  await nav(app, 'Connections').click();
  await app.getByRole('button', { name: 'Add connection' }).click();
  const dialog = app.getByRole('dialog');
  await dialog.getByLabel(/^Name/).fill('Emulator');
  await dialog.getByLabel(/^IMS URL/).fill(sandbox.url);
  await dialog.getByLabel(/^Platform URL/).fill(sandbox.url);
  await dialog.getByLabel(/^Streaming URL/).fill(sandbox.url);
  await dialog.getByLabel(/^IMS org id/).fill(sandbox.orgId);
  await dialog.getByLabel(/^Client id/).fill(sandbox.clientId);
  await dialog.getByLabel(/^Client secret/).fill(sandbox.clientSecret);
  await dialog.getByLabel(/^Sandbox name/).fill(sandbox.sandboxName);
  await dialog.getByRole('button', { name: 'Add and test' }).click();

  const alert = dialog.getByRole('alert').filter({ hasText: 'The connection was not saved' });
  await expect(alert).toBeVisible();
  await expect(alert).toBeInViewport({ ratio: 1 });
  await expect(alert).toContainText('this computer has no keyring that XDM Loader can reach');
  const technical = alert.getByText(/DBus error/);
  await expect(technical).toBeHidden();
  await alert.getByText('Details').click();
  await expect(technical).toBeVisible();
});
