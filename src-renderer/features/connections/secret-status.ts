import type { SecretSource } from '../../../src-shared/platform/connection';

/**
 * What the renderer may know about a secret: where it comes from, said in words.
 * Why a table: the card, the form and the tests read the same wording, and the value itself
 * never reaches the renderer (design §4).
 */
export const secretStatusLabels: Record<SecretSource, string> = {
  keychain: 'Saved in the keychain',
  environment: 'From XDM_LOADER_CLIENT_SECRET',
  sandbox: 'Built in',
  none: 'No secret saved',
  unavailable: 'Keychain unavailable',
  session: 'Held for this session only',
};

export const secretStatusVariants: Record<SecretSource, 'positive' | 'notice' | 'negative' | 'neutral' | 'info'> = {
  keychain: 'positive',
  environment: 'info',
  sandbox: 'positive',
  none: 'notice',
  unavailable: 'negative',
  session: 'info',
};

/**
 * The help under the secret field: whether one is stored, and what typing does. `sessionOnly`:
 * this computer has no keychain, so a secret typed here is held for this session only.
 */
export function secretFieldHelp(source: SecretSource | null, sessionOnly = false): string {
  if (sessionOnly)
    return 'Kept in XDM Loader’s memory for this session only: never written to disk, forgotten when XDM Loader closes. You type it again next time.';
  switch (source) {
    case 'keychain':
      return 'A secret is saved in the keychain. Leave this empty to keep it, or paste a new one to replace it.';
    case 'environment':
      return 'This run reads the secret from XDM_LOADER_CLIENT_SECRET. A secret pasted here is saved in the keychain.';
    case 'unavailable':
      return 'The keychain did not answer, so whether a secret is saved is unknown. A secret pasted here is saved there.';
    case 'session':
      return 'A secret is held in memory for this session only and forgotten when the app closes. A secret pasted here is saved in the keychain.';
    case 'none':
      return 'No secret is saved yet. Paste it from Adobe Developer Console; it goes to the keychain and is never shown again.';
    default:
      return 'Saved in the OS keychain and never shown again.';
  }
}
