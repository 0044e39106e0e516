import { z } from 'zod';

/**
 * Connections: where the app sends data and as whom.
 * Why here: the renderer lists, edits and tests connections, main stores and uses them; both read
 * the same zod schema, so a connection that passes validation on one side passes on the other.
 * The client secret is never part of a connection (it lives in the OS keychain).
 */

/** Id of the built-in connection to the embedded emulator; it is never stored on disk. */
export const LOCAL_CONNECTION_ID = 'local';
export const LOCAL_CONNECTION_NAME = 'Local sandbox';

/**
 * The scope string Adobe's own AEP samples use (aep-notes §1.1).
 * Why a default only: the credential's page in Developer Console is the authority, so it stays editable.
 */
export const DEFAULT_AEP_SCOPES = ['openid', 'session', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'] as const;

/** An http(s) base URL, kept without a trailing slash so paths can be appended. */
export const BaseUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be a URL such as https://platform.adobe.io' }))
  .transform((value) => value.replace(/\/+$/, ''));

/** An IMS org id, e.g. `5C1328435BF324E90A49402A@AdobeOrg`. */
export const OrgId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]+@AdobeOrg$/, 'an IMS org id looks like 5C1328435BF324E90A49402A@AdobeOrg');

/** Sandbox names are lower case in headers (aep-notes §1.2); we store them that way. */
export const SandboxName = z
  .string()
  .trim()
  .min(1, 'a sandbox name is required (for example prod)')
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'a sandbox name has only letters, digits and dashes')
  .transform((value) => value.toLowerCase());

export const ConnectionName = z.string().trim().min(1, 'a name is required').max(80);

export const Scopes = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .regex(/^[^\s,]+$/, 'one scope per entry, without spaces or commas'),
  )
  .min(1, 'at least one scope is required');

/** A connection to a real AEP org, as stored in the settings file. */
export const AepConnection = z.object({
  id: z.string().regex(/^c_[A-Za-z0-9_-]{6,64}$/),
  kind: z.literal('aep'),
  name: ConnectionName,
  imsUrl: BaseUrl,
  platformUrl: BaseUrl,
  streamingUrl: BaseUrl,
  orgId: OrgId,
  clientId: z.string().trim().min(1, 'a client id (API key) is required').max(200),
  sandboxName: SandboxName,
  scopes: Scopes,
  /** Set by the user when the sandbox is a production one whose name is not `prod`. */
  production: z.boolean().optional(),
});
export type AepConnection = z.infer<typeof AepConnection>;

/** The built-in connection: its URL and credentials come from the embedded emulator at runtime. */
export const LocalConnection = z.object({
  id: z.literal(LOCAL_CONNECTION_ID),
  kind: z.literal('local'),
  name: z.literal(LOCAL_CONNECTION_NAME),
});
export type LocalConnection = z.infer<typeof LocalConnection>;

export const Connection = z.discriminatedUnion('kind', [LocalConnection, AepConnection]);
export type Connection = z.infer<typeof Connection>;

/** What a person types to create or edit an AEP connection (the id is assigned by main). */
export const ConnectionDraft = AepConnection.omit({ id: true, kind: true }).extend({
  streamingUrl: BaseUrl.optional(),
  scopes: Scopes.optional(),
});
export type ConnectionDraft = z.input<typeof ConnectionDraft>;

/**
 * Where a connection's client secret currently comes from; never the secret itself.
 * `unavailable`: no keychain answered, so whether one is saved is unknown.
 * `session`: held in main's memory for this session only (where no keychain exists), forgotten when the app closes.
 */
/**
 * Where a secret typed in the connection form goes: the OS keychain, or this session's memory
 * only (where no keychain exists; forgotten when the app closes).
 */
export const SecretKeeping = z.enum(['keychain', 'session']);
export type SecretKeeping = z.infer<typeof SecretKeeping>;

export const secretSources = ['keychain', 'environment', 'sandbox', 'none', 'unavailable', 'session'] as const;
export const SecretSource = z.enum(secretSources);
export type SecretSource = z.infer<typeof SecretSource>;

/** A connection as shown to people: the stored fields plus what they need to know about it. */
export const ConnectionView = z.object({
  connection: Connection,
  secret: SecretSource,
  production: z.boolean(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

/**
 * Whether a connection points at a production sandbox, to be marked loudly.
 * Why a rule and a flag: AEP's default production sandbox is named `prod`; other production
 * sandboxes can only be known from the user (or the Sandbox API, which the app does not call).
 */
export function isProductionConnection(connection: Connection): boolean {
  if (connection.kind === 'local') return false;
  return connection.production === true || connection.sandboxName === 'prod';
}
