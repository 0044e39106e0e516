import { AppError } from '../../../src-shared/domain/errors';

/**
 * Turns a keychain failure into a message that says what is missing and how to fix it.
 * Why two parts: the steward reads the first line (what happened, in their words, and what they
 * can do); the lines after it are for whoever looks after the computer or runs the command line
 * (the keychain service, D-Bus, environment variables), and the screens show them behind
 * "Details". The native error ("Platform failure: DBus error: ...") names a mechanism, not a
 * remedy, so it goes last. The secret is never written anywhere else instead.
 */
export function keychainUnavailable(
  cause: unknown,
  context: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; action: 'read' | 'save' | 'delete' | 'check' },
): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  // `check`: asked before a secret is typed (the connection form), so it says what cannot be done yet.
  const head = {
    read: 'The client secret could not be read',
    save: 'The client secret could not be saved',
    delete: 'The client secret could not be deleted',
    check: 'The client secret cannot be saved here',
  }[context.action];
  const verb = {
    read: 'read the client secret from',
    save: 'save the client secret in',
    delete: 'delete the client secret from',
    check: 'reach',
  }[context.action];
  const envHint = 'For the command line or CI, XDM_LOADER_CLIENT_SECRET can supply the secret for one run instead.';
  let what: string;
  let plain: string;
  let fix: string;
  switch (context.platform) {
    case 'darwin':
      what = 'the macOS Keychain';
      plain = `${head}: the macOS Keychain did not allow it. Unlock your login keychain and allow XDM Loader when macOS asks, then try again.`;
      fix = 'Keychain Access shows whether the login keychain is locked.';
      break;
    case 'win32':
      what = 'the Windows Credential Manager';
      plain = `${head}: Windows Credential Manager is not available. Sign in to a normal Windows session, then try again.`;
      fix = 'Credential Manager is not available to service accounts.';
      break;
    default: {
      what = 'the Secret Service (GNOME Keyring, KWallet or KeePassXC)';
      const locked = context.env.DBUS_SESSION_BUS_ADDRESS && /locked|NoStorageAccess|prompt|dismissed/i.test(reason);
      plain = locked
        ? `${head}: your keyring is locked. Unlock it (for example in "Passwords and Keys"), then try again.`
        : `${head}: this computer has no keyring that XDM Loader can reach. Open XDM Loader from your desktop session, or ask whoever looks after this computer to set one up.`;
      if (!context.env.DBUS_SESSION_BUS_ADDRESS) {
        fix =
          'There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no keyring can answer. ' +
          "Run XDM Loader from a desktop session, or wrap the command: `dbus-run-session -- sh -c 'echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets; CMD'` " +
          '(the project ships scripts/with-keyring.sh for this).';
      } else if (locked) {
        fix = 'Seahorse ("Passwords and Keys") unlocks the login keyring.';
      } else {
        fix =
          'No Secret Service answered on the session bus. Install and start one (Debian/Ubuntu: `apt-get install gnome-keyring libsecret-tools`, ' +
          'then log in again or run `gnome-keyring-daemon --start --components=secrets`).';
      }
    }
  }
  return new AppError('KEYCHAIN_UNAVAILABLE', `${plain}\nCould not ${verb} ${what}: ${reason}. ${fix} ${envHint}`);
}
