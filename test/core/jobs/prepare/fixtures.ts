import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import { loadSchemaJson } from '../../../../src-main/core/xdm/load-schema';
import { PROFILE_CLASS, standardProfileFieldGroups } from '../../../../src-main/core/xdm/standard-library';

export const customerSchema = loadSchemaJson({ class: PROFILE_CLASS, fieldGroups: [...standardProfileFieldGroups], title: 'Customers' });

export const customerColumns = [
  'customer_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'birth_date',
  'loyalty_points',
  'lifetime_value',
  'opted_in',
  'last_purchase_at',
  'city',
  'street',
  'postal_code',
  'country',
  'notes',
];

export const customerMapping: MappingFile = {
  version: 1,
  rules: [
    { source: { kind: 'column', column: 'customer_id' }, destination: 'personID' },
    { source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' },
    { source: { kind: 'column', column: 'last_name' }, destination: 'person.name.lastName' },
    { source: { kind: 'expression', expression: 'lower(trim(email))' }, destination: 'personalEmail.address' },
    { source: { kind: 'column', column: 'phone' }, destination: 'mobilePhone.number' },
    { source: { kind: 'column', column: 'birth_date' }, destination: 'person.birthDate' },
    { source: { kind: 'column', column: 'loyalty_points' }, destination: 'loyalty.points' },
    { source: { kind: 'column', column: 'city' }, destination: 'homeAddress.city' },
    { source: { kind: 'column', column: 'street' }, destination: 'homeAddress.street1' },
    { source: { kind: 'column', column: 'postal_code' }, destination: 'homeAddress.postalCode' },
    { source: { kind: 'column', column: 'country' }, destination: 'homeAddress.country' },
  ],
  identities: [{ column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' }],
};

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-prepare-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every record of every finished part in `dir`. */
export async function readParts(dir: string): Promise<Record<string, unknown>[]> {
  const names = (await readdir(dir)).filter((n) => /^part-\d+\.json$/.test(n)).sort();
  const out: Record<string, unknown>[] = [];
  for (const n of names) {
    const text = await readFile(path.join(dir, n), 'utf8');
    for (const line of text.split('\n')) if (line !== '') out.push(JSON.parse(line) as Record<string, unknown>);
  }
  return out;
}

/** The rows of rejects.csv as objects keyed by its header. */
export async function readRejects(dir: string): Promise<Record<string, string>[]> {
  const text = await readFile(path.join(dir, 'rejects.csv'), 'utf8');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}
