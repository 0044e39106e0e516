/**
 * Who made a call, as Catalog records it on the objects it creates and changes.
 *
 * AEP writes the integration's API key as `createdClient` and its technical account as `createdUser`
 * / `updatedUser` (`{API_KEY}`, `{USER_ID}` in the guides' examples); the sandbox has one integration,
 * so the user is derived from the key the way AEP names service users (`…@AdobeID`).
 */
import type { FastifyRequest } from 'fastify';
import { headerOf } from './http/gates';

export interface Caller {
  client: string;
  user: string;
}

export function callerOf(req: FastifyRequest): Caller {
  const client = headerOf(req, 'x-api-key') ?? 'unknown';
  return { client, user: `${client}@AdobeID` };
}

/** The caller of work the sandbox does on its own (streaming batches, seeded objects). */
export function serviceCaller(name: string): Caller {
  return { client: name, user: `${name}@AdobeID` };
}
