import { AppError } from '../../../src-shared/domain/errors';

/**
 * Turns a keychain failure into a message that says what is missing and how to fix it.
 * Why: the native error ("Platform failure: DBus error: ...") names a mechanism, not a remedy;
 * the person needs to know that no keychain answered, why, and the two ways forward (make one
 * reachable, or supply the secret through the environment for this run). The secret is never
 * written anywhere else instead.
 */
export function keychainUnavailable(
  cause: unknown,
  context: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; action: 'read' | 'save' | 'delete' },
): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const verb = { read: 'read the client secret from', save: 'save the client secret in', delete: 'delete the client secret from' }[context.action];
  const envHint = 'For the command line or CI, you can instead set XDM_LOADER_CLIENT_SECRET for the run.';
  let what: string;
  let fix: string;
  switch (context.platform) {
    case 'darwin':
      what = 'the macOS Keychain';
      fix = 'Unlock the login keychain (Keychain Access) and allow XDM Loader when macOS asks.';
      break;
    case 'win32':
      what = 'the Windows Credential Manager';
      fix = 'Sign in to a normal Windows session (Credential Manager is not available to service accounts).';
      break;
    default: {
      what = 'the Secret Service (GNOME Keyring, KWallet or KeePassXC)';
      if (!context.env.DBUS_SESSION_BUS_ADDRESS) {
        fix =
          'There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no keyring can answer. ' +
          'Run XDM Loader from a desktop session, or wrap the command: `dbus-run-session -- sh -c \'echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets; CMD\'` ' +
          '(the project ships scripts/with-keyring.sh for this).';
      } else if (/locked|NoStorageAccess|prompt|dismissed/i.test(reason)) {
        fix = 'The keyring is locked: unlock it (for example with Seahorse, "Passwords and Keys") and try again.';
      } else {
        fix =
          'No Secret Service answered on the session bus. Install and start one (Debian/Ubuntu: `apt-get install gnome-keyring libsecret-tools`, ' +
          'then log in again or run `gnome-keyring-daemon --start --components=secrets`).';
      }
    }
  }
  return new AppError('KEYCHAIN_UNAVAILABLE', `Could not ${verb} ${what}: ${reason}. ${fix} ${envHint}`);
}
