/**
 * Every operation of Adobe's Catalog, Batch Ingestion, Data Access, Identity, Profile and Streaming specs
 * has a route in the Local sandbox (issue 11): none answers "No route" or 405. An operation the sandbox
 * does not emulate answers 501 in its family's error shape, saying so.
 */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECS, specDir } from './contract';
import { Harness } from './harness';

/** The specs of these families (the Schema Registry's operations are another piece of work's). */
const FAMILY_SPECS = SPECS.filter((s) => s.file !== 'schema-registry.yaml');

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'];

interface Operation {
  spec: string;
  method: string;
  template: string;
  operationId: string;
}

async function operations(): Promise<Operation[]> {
  const out: Operation[] = [];
  for (const { file, prefix } of FAMILY_SPECS) {
    const api = (await SwaggerParser.parse(path.join(specDir, file))) as unknown as { paths: Record<string, Record<string, { operationId?: string }>> };
    for (const [template, item] of Object.entries(api.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (op) out.push({ spec: file, method: method.toUpperCase(), template: `${prefix}${template}`, operationId: op.operationId ?? '' });
      }
    }
  }
  return out;
}

/** A concrete path: every `{PARAM}` becomes a made-up value (a file name for file paths). */
function concrete(template: string): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => (/filePath/i.test(name) ? 'part-0.json' : `x${name.toLowerCase().replace(/[^a-z]/g, '')}`));
}

describe('every operation of the specs has a route', () => {
  let h: Harness;
  let ops: Operation[];
  beforeAll(async () => {
    h = await Harness.start();
    ops = await operations();
  });
  afterAll(async () => h.close());

  it('finds the operations of the six specs', () => {
    expect(new Set(ops.map((o) => o.spec)).size).toBe(FAMILY_SPECS.length);
    expect(ops.length).toBeGreaterThan(60);
  });

  it('answers each one from a route, never "No route" nor 405', async () => {
    const missing: string[] = [];
    const notEmulated: string[] = [];
    for (const op of ops) {
      const url = concrete(op.template);
      const upload = op.spec === 'batch-ingestion.yaml' && /files\/\{filePath\}$/.test(op.template);
      const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? (upload ? { raw: 'x' } : { body: {} }) : {};
      const r = await h.call(op.method, url, { ...body, noContract: true });
      if (r.status === 405 || /No route|No service/.test(r.text))
        missing.push(`${op.method} ${op.template} (${op.operationId}): ${r.status} ${r.text.slice(0, 120)}`);
      if (r.status === 501) {
        expect(r.text, `${op.method} ${op.template}`).toMatch(/Local sandbox does not emulate/);
        notEmulated.push(`${op.method} ${op.template}`);
      }
    }
    expect(missing).toEqual([]);
    // What is not emulated stays a short, deliberate list (the README names each).
    expect(notEmulated.sort()).toEqual(
      [
        'DELETE /data/core/ca/attributes/{ATTRIBUTE_ID}',
        'DELETE /data/core/ups/access/entities',
        'DELETE /data/core/ups/config/mergePolicies/{mergePolicyId}',
        'DELETE /data/core/ups/system/jobs/{ID}',
        'GET /data/core/ca/attributes',
        'GET /data/core/ca/attributes/{ATTRIBUTE_ID}',
        'GET /data/core/ups/previewsamplestatus',
        'GET /data/core/ups/previewsamplestatus/report/dataset',
        'GET /data/core/ups/previewsamplestatus/report/namespace',
        'GET /data/core/ups/system/jobs',
        'GET /data/core/ups/system/jobs/{ID}',
        'GET /data/foundation/catalog/',
        'GET /data/foundation/catalog/dataSets/{id}/credentials',
        'PATCH /data/core/ca/attributes/{ATTRIBUTE_ID}',
        'PATCH /data/core/ups/config/mergePolicies/{mergePolicyId}',
        'POST /data/core/ca/attributes',
        'POST /data/core/ups/config/mergePolicies',
        'POST /data/core/ups/system/jobs',
        'POST /data/foundation/catalog/',
        'PUT /data/core/ups/config/mergePolicies/{mergePolicyId}',
      ].sort(),
    );
  });

  it('answers 501 in the family shape: Profile for computed attributes, Catalog for credentials', async () => {
    const ca = await h.call('GET', '/data/core/ca/attributes', { noContract: true });
    expect(ca.status).toBe(501);
    expect(ca.json).toMatchObject({ statusCode: '501', message: expect.stringMatching(/computed attributes/) });
    const creds = await h.call('GET', '/data/foundation/catalog/dataSets/x/credentials', { noContract: true });
    expect(creds.json).toMatchObject({ status: 501, title: 'Not Implemented', type: expect.stringMatching(/^http:\/\/ns\.adobe\.com\/aep\/errors\//) });
  });
});
