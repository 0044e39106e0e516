import { z } from 'zod';
import type { AppEvent, Envelope } from './contract';

/**
 * The browser-mode wire protocol over the WebSocket.
 * Why a schema for the frame: the router validates each request's input, but the frame
 * around it comes from a socket and is checked before anything reads its fields.
 */
export const ClientMessage = z.object({
  id: z.union([z.string().min(1).max(100), z.number().int().nonnegative()]),
  type: z.literal('request'),
  name: z.string().max(200),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

export type ServerMessage = { id: ClientMessage['id']; type: 'reply'; envelope: Envelope<unknown> } | { type: 'event'; event: AppEvent };

/** Path of the WebSocket endpoint. */
export const WS_PATH = '/ws';

/** Header that carries the per-run token on browser-mode file uploads. */
export const TOKEN_HEADER = 'x-xdm-token';

/** Close codes the server uses, with the reason text sent alongside. */
export const closeCodes = {
  /** RFC 6455 "policy violation": a frame that is not a request. */
  malformed: 1008,
  /** RFC 6455 "unsupported data": binary frames. */
  binary: 1003,
  /** RFC 6455 "going away": the server is shutting down. */
  shutdown: 1001,
} as const;
