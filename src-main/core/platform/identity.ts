import { z } from 'zod';
import type { IdentityNamespaceSummary } from '../../../src-shared/platform/targets';
import { aepServices } from './aep-services';
import type { PlatformClient } from './platform-client';

/**
 * Identity Service: namespaces (aep-notes §6).
 * Why `idType` stays a free string: its casing differs between list, create and error texts.
 */
const base = aepServices.identity.basePath;

const Namespace = z
  .object({
    id: z.coerce.number().int(),
    code: z.string(),
    name: z.string().optional(),
    idType: z.string().optional(),
    status: z.string().optional(),
    custom: z.boolean().optional(),
  })
  .loose();

function summary(ns: z.infer<typeof Namespace>): IdentityNamespaceSummary {
  return {
    id: ns.id,
    code: ns.code,
    name: ns.name ?? ns.code,
    ...(ns.idType !== undefined ? { idType: ns.idType } : {}),
    custom: ns.custom ?? false,
    ...(ns.status !== undefined ? { status: ns.status } : {}),
  };
}

/** Standard and custom namespaces of the sandbox (a bare JSON array). */
export async function listNamespaces(client: PlatformClient, signal?: AbortSignal): Promise<IdentityNamespaceSummary[]> {
  const list = await client.json(z.array(Namespace), { method: 'GET', path: `${base}/identities`, idempotent: true, signal });
  return list.map(summary);
}

/** Creates a custom namespace (answers 200, 409 when the code exists); not retried blindly. */
export async function createNamespace(
  client: PlatformClient,
  namespace: { code: string; name: string; idType: string; description?: string },
  signal?: AbortSignal,
): Promise<IdentityNamespaceSummary> {
  const created = await client.json(Namespace, {
    method: 'POST',
    path: `${base}/identities`,
    body: { kind: 'json', value: namespace },
    idempotent: false,
    signal,
  });
  return summary(created);
}
