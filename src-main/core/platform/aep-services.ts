/**
 * The AEP services the client calls: their base paths, names and the permissions they need.
 * Why one table: error messages name the service and the permission a 403 is probably about,
 * and every typed call builds its path from the same prefix.
 */
export interface AepService {
  id: 'ims' | 'schemaRegistry' | 'catalog' | 'batchIngestion' | 'dataAccess' | 'identity' | 'profile' | 'streaming';
  name: string;
  basePath: string;
  /** Access-control permissions in the product profile that cover this service. */
  permissions: string;
}

export const aepServices = {
  ims: { id: 'ims', name: 'Adobe IMS', basePath: '/ims', permissions: 'an OAuth Server-to-Server credential' },
  schemaRegistry: {
    id: 'schemaRegistry',
    name: 'Schema Registry',
    basePath: '/data/foundation/schemaregistry',
    permissions: '"View Schemas" (and "Manage Schemas" to change them)',
  },
  catalog: {
    id: 'catalog',
    name: 'Catalog',
    basePath: '/data/foundation/catalog',
    permissions: '"View Datasets" (and "Manage Datasets" to create or enable them)',
  },
  batchIngestion: { id: 'batchIngestion', name: 'Batch Ingestion', basePath: '/data/foundation/import', permissions: '"Manage Datasets"' },
  dataAccess: { id: 'dataAccess', name: 'Data Access', basePath: '/data/foundation/export', permissions: '"View Datasets"' },
  identity: {
    id: 'identity',
    name: 'Identity Service',
    basePath: '/data/core/idnamespace',
    permissions: '"View Identity Namespaces" (and "Manage Identity Namespaces" to create them)',
  },
  profile: { id: 'profile', name: 'Profile Access', basePath: '/data/core/ups', permissions: '"View Profiles"' },
  streaming: { id: 'streaming', name: 'Streaming Ingestion', basePath: '/collection', permissions: '"Manage Sources" and "Manage Datasets"' },
} as const satisfies Record<AepService['id'], AepService>;

/** The service a request path belongs to, for messages; unknown paths get a neutral name. */
export function serviceForPath(path: string): AepService {
  const found = Object.values(aepServices).find((service) => path === service.basePath || path.startsWith(`${service.basePath}/`));
  return found ?? { id: 'catalog', name: 'Experience Platform', basePath: '', permissions: 'the permission for this call' };
}
