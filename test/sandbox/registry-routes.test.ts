/**
 * Every operation of Adobe's Schema Registry spec has a route in the Local sandbox: each one,
 * called as the spec describes it (placeholders for ids, the documented Accept), answers something
 * other than the family's "No route" 404 or a 405. Emulated operations answer in their own words
 * (a missing id is "not found", not "no route"); the few the sandbox does not emulate answer 501
 * saying so.
 */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specDir } from './contract';
import { Harness } from './harness';

const SR = '/data/foundation/schemaregistry';

interface SpecOperation {
  method: string;
  template: string;
}

async function operations(): Promise<SpecOperation[]> {
  const api = (await SwaggerParser.parse(path.join(specDir, 'schema-registry.yaml'))) as unknown as {
    paths: Record<string, Record<string, { responses?: unknown }>>;
  };
  const ops: SpecOperation[] = [];
  for (const [template, item] of Object.entries(api.paths)) {
    for (const [method, op] of Object.entries(item)) if (op && typeof op === 'object' && op.responses) ops.push({ method: method.toUpperCase(), template });
  }
  return ops;
}

/** A concrete path: `tenant` for the container, an id that does not exist for the rest. */
function concrete(template: string): string {
  return template.replace(/\{CONTAINER_ID\}/g, 'tenant').replace(/\{[^}]+\}/g, 'no-such-resource');
}

describe('Schema Registry routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers every operation of the spec with a route of its own', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThanOrEqual(44);
    const unrouted: string[] = [];
    const notEmulated: string[] = [];
    for (const op of ops) {
      const url = `${SR}${concrete(op.template)}`;
      const list = !/\{[^}]+_ID\}$/.test(op.template) || op.template.endsWith('{CONTAINER_ID}');
      const accept = op.template.includes('descriptors')
        ? 'application/vnd.adobe.xdm+json'
        : list
          ? 'application/vnd.adobe.xed-id+json'
          : 'application/vnd.adobe.xed+json; version=1';
      const body = op.method === 'PATCH' ? [] : ['POST', 'PUT'].includes(op.method) ? {} : undefined;
      const r = await h.call(op.method, url, { headers: { accept }, body, noContract: true });
      const detail = String((r.json as { detail?: unknown } | undefined)?.detail ?? '');
      if (r.status === 405 || (r.status === 404 && detail.startsWith('No route'))) unrouted.push(`${op.method} ${op.template} -> ${r.status} ${detail}`);
      if (r.status === 501) {
        expect(r.json).toMatchObject({ title: 'Not Implemented', status: 501 });
        expect(detail).toMatch(/^The Local sandbox does not emulate /);
        notEmulated.push(`${op.method} ${op.template}`);
      }
    }
    expect(unrouted).toEqual([]);
    expect(notEmulated.sort()).toEqual(['GET /rpc/auditlog/{RESOURCE_ID}', 'GET /rpc/export/{RESOURCE_ID}', 'POST /rpc/import']);
  });
});
