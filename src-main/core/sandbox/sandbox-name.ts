/**
 * Sandbox names: the production sandbox every org has, and the form a name must have.
 *
 * A Platform request without `x-sandbox-name` goes to the production sandbox, as Adobe's Sandboxes
 * guide says; both the server's gateway and the library API's credentials use this name.
 */
export const DEFAULT_SANDBOX_NAME = 'prod';

/** Lower-case letters, digits and dashes, as AEP's sandbox names. */
export const SANDBOX_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
