/**
 * First-use seeding of a sandbox: a Profile schema and dataset (Email as primary identity), an
 * ExperienceEvent schema and dataset, both enabled for Profile, and a custom `CRMID` namespace
 * (the one most orgs create for their customer ids, and the one suggestions map an id column to).
 *
 * So the Local sandbox is usable the moment it starts: a user can load a customer file without
 * designing a schema first. Seeding runs once per sandbox name (a `sandbox` document records it).
 */
import type { SandboxContext } from '../context';
import { serviceCaller } from '../caller';
import { newDatasetDocument } from '../datasets';
import { hexId } from '../ids';

export const SEED_PROFILE_SCHEMA_TITLE = 'XDM Loader Customers';
export const SEED_EVENT_SCHEMA_TITLE = 'XDM Loader Events';
/** Custom namespace ids start above the standard ones (see routes/identity.ts). */
export const SEED_CRM_NAMESPACE_ID = 1001;

export function seedSandbox(ctx: SandboxContext, sandbox: string): void {
  if (ctx.docs.get(sandbox, 'sandbox', sandbox)) return;
  const profile = ctx.registry.createSchema(sandbox, {
    title: SEED_PROFILE_SCHEMA_TITLE,
    description: 'Customer profiles loaded by XDM Loader (seeded by the Local sandbox).',
    allOf: [
      { $ref: 'https://ns.adobe.com/xdm/context/profile' },
      { $ref: 'https://ns.adobe.com/xdm/context/identitymap' },
      { $ref: 'https://ns.adobe.com/xdm/context/profile-person-details' },
      { $ref: 'https://ns.adobe.com/xdm/context/profile-personal-details' },
      { $ref: 'https://ns.adobe.com/xdm/mixins/profile/profile-loyalty-details' },
      // workEmail: the Profile guides' Jane Doe and the record-streaming tutorial's record carry it.
      { $ref: 'https://ns.adobe.com/xdm/context/profile-work-details' },
    ],
  });
  ctx.registry.createDescriptor(sandbox, {
    '@type': 'xdm:descriptorIdentity',
    'xdm:sourceSchema': String(profile.$id),
    'xdm:sourceVersion': 1,
    'xdm:sourceProperty': '/personalEmail/address',
    'xdm:namespace': 'Email',
    'xdm:property': 'xdm:code',
    'xdm:isPrimary': true,
  });
  ctx.registry.patchSchema(sandbox, String(profile.$id), [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }]);
  const event = ctx.registry.createSchema(sandbox, {
    title: SEED_EVENT_SCHEMA_TITLE,
    description: 'Experience events loaded by XDM Loader (seeded by the Local sandbox).',
    allOf: [
      { $ref: 'https://ns.adobe.com/xdm/context/experienceevent' },
      { $ref: 'https://ns.adobe.com/xdm/context/experienceevent-commerce' },
      { $ref: 'https://ns.adobe.com/xdm/context/experienceevent-web' },
      // channel and endUserIDs: the Profile guide's experience events carry them.
      { $ref: 'https://ns.adobe.com/xdm/context/experienceevent-channel' },
      { $ref: 'https://ns.adobe.com/xdm/context/experienceevent-enduserids' },
    ],
  });
  ctx.registry.patchSchema(sandbox, String(event.$id), [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }]);
  const seedCaller = serviceCaller('xdm-loader-sandbox');
  const seedDataset = (name: string, schemaId: string): void => {
    const id = hexId();
    const input = {
      name,
      description: `${name} (seeded by the Local sandbox)`,
      tags: { unifiedProfile: ['enabled:true'], unifiedIdentity: ['enabled:true'] },
      schemaRef: { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' },
      enableErrorDiagnostics: true,
    };
    ctx.docs.put(sandbox, 'dataset', id, newDatasetDocument(ctx, sandbox, id, input, seedCaller));
  };
  seedDataset('XDM Loader Customers', String(profile.$id));
  seedDataset('XDM Loader Events', String(event.$id));
  const now = Date.now();
  ctx.docs.put(sandbox, 'namespace', String(SEED_CRM_NAMESPACE_ID), {
    id: SEED_CRM_NAMESPACE_ID,
    code: 'CRMID',
    name: 'CRM ID',
    description: 'Customer ids from the CRM (a custom namespace, seeded by the Local sandbox)',
    idType: 'CROSS_DEVICE',
    status: 'ACTIVE',
    custom: true,
    createTime: now,
    updateTime: now,
  });
  ctx.docs.put(sandbox, 'sandbox', sandbox, { name: sandbox, created: now });
}
