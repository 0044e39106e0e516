import { z } from 'zod';
import { ConnectionDraft, ConnectionView, SecretKeeping, SecretSource } from '../../platform/connection';
import { ConnectionTestReport } from '../../platform/connection-test-report';
import type { RequestMap } from '../request-map';

/**
 * Connections and credentials (schemas, datasets and identity namespaces are in `schemas.ts`,
 * `datasets.ts` and `identity.ts`).
 * Why outputs carry no secret: secrets are write-only from the renderer (design §4); a reply says
 * where a secret comes from, never what it is. Every request about a sandbox names its connection
 * by id and falls back to the active one, so screens and scripts can omit it.
 */

/** A connection id (`local`, `c_…`) or, for convenience, a connection's name. */
const ConnectionId = z.string().trim().min(1).max(100);
/** A client secret as typed: write-only, never echoed. */
const ClientSecret = z.string().min(1, 'the client secret is empty').max(4096);

/** The connection a request is about; the active one when left out. */
export const onConnection = { connectionId: ConnectionId.optional() };

export const ConnectionList = z.object({
  connections: z.array(ConnectionView),
  activeId: z.string(),
});
export type ConnectionList = z.infer<typeof ConnectionList>;

export const CredentialStatus = z.object({
  connectionId: z.string(),
  source: SecretSource,
});
export type CredentialStatus = z.infer<typeof CredentialStatus>;

export const connectionRequests = {
  'connections.list': {
    input: z.object({}).strict(),
    output: ConnectionList,
  },
  'connections.save': {
    input: z
      .object({
        /** Absent: add a new connection; present: update that one. */
        id: ConnectionId.optional(),
        draft: ConnectionDraft,
        /** Saved to the OS keychain (or held for the session, below); never returned. */
        secret: ClientSecret.optional(),
        /** `session`: hold `secret` in main's memory until the app closes, for a computer without a keychain. */
        secretIn: SecretKeeping.optional(),
      })
      .strict(),
    output: ConnectionView,
  },
  'connections.remove': {
    input: z.object({ connectionId: ConnectionId }).strict(),
    output: z.object({ removed: z.string() }),
  },
  'connections.test': {
    input: z.object(onConnection).strict(),
    output: ConnectionTestReport,
  },
  'connections.setActive': {
    input: z.object({ connectionId: ConnectionId }).strict(),
    output: z.object({ activeId: z.string() }),
  },
  'credentials.save': {
    input: z.object({ connectionId: ConnectionId, secret: ClientSecret }).strict(),
    output: CredentialStatus,
  },
  /**
   * Holds a connection's secret in main's memory for this session only, where no keychain exists:
   * never written, never sent back, forgotten when the app closes.
   */
  'credentials.holdForSession': {
    input: z.object({ connectionId: ConnectionId, secret: ClientSecret }).strict(),
    output: CredentialStatus,
  },
  /**
   * Whether a secret typed now could be saved in the OS keychain, asked by the connection form
   * before the secret is typed; `message`'s first line says why not in a steward's words, its
   * further lines the remedy for whoever looks after the computer.
   */
  'credentials.keychain': {
    input: z.object({}).strict(),
    output: z.object({ available: z.boolean(), message: z.string().optional() }),
  },
  'credentials.status': {
    input: z.object(onConnection).strict(),
    output: CredentialStatus,
  },
} as const satisfies RequestMap;
