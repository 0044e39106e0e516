/**
 * Batch helpers for sandbox tests: seeded datasets, batch creation, uploads, COMPLETE and lookups.
 *
 * Several test files drive the same Catalog / Batch Ingestion / Profile calls; sharing them keeps
 * each test about the behaviour it checks (every call still goes through the contract-checking
 * harness).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { Harness, type ApiResponse } from './harness';

export type Obj = Record<string, unknown>;
export const CAT = '/data/foundation/catalog';
export const IMP = '/data/foundation/import';
export const EXP = '/data/foundation/export';
export const UPS = '/data/core/ups';

export function jsonl(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** A record of the seeded customers schema (Email primary identity, ECID in identityMap). */
export function customer(i: number, extra: Obj = {}): Obj {
  return {
    _id: `c${i}`,
    personalEmail: { address: `user${i}@example.com` },
    person: { name: { firstName: `First${i}`, lastName: 'Doe' } },
    identityMap: { ECID: [{ id: `ecid-${i}` }] },
    ...extra,
  };
}

/** The id of a seeded dataset (`XDM Loader Customers` or `XDM Loader Events`) in a sandbox. */
export async function seededDataset(h: Harness, name: 'XDM Loader Customers' | 'XDM Loader Events', sandbox = 'prod'): Promise<string> {
  const r = await h.call('GET', `${CAT}/dataSets?name=${encodeURIComponent(name)}`, { sandbox });
  const id = Object.keys(r.json as Obj)[0];
  if (!id) throw new Error(`No seeded dataset ${name} in ${sandbox}`);
  return id;
}

export interface BatchRef {
  id: string;
  datasetId: string;
  sandbox: string;
}

export async function newBatch(h: Harness, datasetId: string, body: Obj = {}, sandbox = 'prod'): Promise<BatchRef> {
  const r = await h.call('POST', `${IMP}/batches`, { body: { datasetId, inputFormat: { format: 'json' }, ...body }, sandbox });
  expect(r.status).toBe(201);
  return { id: String((r.json as Obj).id), datasetId, sandbox };
}

export function fileUrl(b: BatchRef, name: string): string {
  return `${IMP}/batches/${b.id}/datasets/${b.datasetId}/files/${name}`;
}

export async function putFile(h: Harness, b: BatchRef, name: string, content: string | Uint8Array): Promise<ApiResponse> {
  return h.call('PUT', fileUrl(b, name), { raw: content, sandbox: b.sandbox });
}

/** COMPLETE, then waits for a terminal status. */
export async function completeBatch(h: Harness, b: BatchRef, timeoutMs?: number): Promise<Obj> {
  expect((await h.call('POST', `${IMP}/batches/${b.id}?action=COMPLETE`, { sandbox: b.sandbox })).status).toBe(200);
  return h.waitForBatch(b.id, timeoutMs, b.sandbox);
}

/** A Profile lookup by identity: the entity, or undefined on 404. */
export async function profileByIdentity(h: Harness, id: string, ns: string, sandbox = 'prod'): Promise<Obj | undefined> {
  const r = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=${encodeURIComponent(id)}&entityIdNS=${ns}`, { sandbox });
  if (r.status === 404) return undefined;
  expect(r.status).toBe(200);
  return Object.values(r.json as Record<string, Obj>)[0]?.entity as Obj;
}

/** A fresh sandbox for the enclosing describe block and the id of its seeded customers dataset (read them inside tests). */
export function useCustomersSandbox(): () => { h: Harness; datasetId: string } {
  let state: { h: Harness; datasetId: string } | undefined;
  beforeAll(async () => {
    const h = await Harness.start();
    state = { h, datasetId: await seededDataset(h, 'XDM Loader Customers') };
  });
  afterAll(async () => state?.h.close());
  return () => {
    if (!state) throw new Error('the sandbox is not started yet');
    return state;
  };
}
