import { z } from 'zod';
import { IdentityNamespaceSummary } from '../../platform/targets';
import type { RequestMap } from '../request-map';
import { onConnection } from './connections';

/** Identity namespaces of a sandbox (what an identity field may be tagged with). */

export const identityRequests = {
  'identity.namespaces': {
    input: z.object(onConnection).strict(),
    output: z.array(IdentityNamespaceSummary),
  },
} as const satisfies RequestMap;
