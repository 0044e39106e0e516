/**
 * The Local sandbox's services, one fastify plugin each, with AEP's prefixes, gates and error shapes.
 *
 * Batch Ingestion and Data Access answer in Catalog's shape: neither documents an error body, and
 * the registry's problem shape is the closest documented Platform convention (aep-notes §1.3). Identity
 * Service answers in two shapes: its namespaces a `namespacevalidation` problem, its graph calls the
 * spec's `ServiceErrorStatus` (`{title, status, detail}`).
 */
import type { ServiceFamily } from './http/service-family';
import { registerAdminRoutes } from './routes/admin';
import { registerBatchIngestionRoutes } from './routes/batch-ingestion';
import { registerCatalogRoutes } from './routes/catalog';
import { registerComputedAttributeRoutes } from './routes/computed-attributes';
import { registerDataAccessRoutes } from './routes/data-access';
import { registerIdentityRoutes } from './routes/identity';
import { registerIdentityGraphRoutes } from './routes/identity-graph';
import { registerImsRoutes } from './routes/ims';
import { registerProfileRoutes } from './routes/profile';
import { registerSchemaRegistryRoutes } from './routes/schema-registry';
import { registerStreamingRoutes } from './routes/streaming';

export const SERVICE_FAMILIES: readonly ServiceFamily[] = [
  { prefix: '/_sandbox', errors: 'admin', gate: 'none', routes: registerAdminRoutes },
  { prefix: '/ims', errors: 'ims', gate: 'faults-only', routes: registerImsRoutes },
  { prefix: '/data/foundation/schemaregistry', errors: 'registry', gate: 'gateway', routes: registerSchemaRegistryRoutes },
  { prefix: '/data/foundation/catalog', errors: 'catalog', gate: 'gateway', routes: registerCatalogRoutes },
  { prefix: '/data/foundation/import', errors: 'catalog', gate: 'gateway', rawBodies: true, routes: registerBatchIngestionRoutes },
  { prefix: '/data/foundation/export', errors: 'catalog', gate: 'gateway', routes: registerDataAccessRoutes },
  { prefix: '/data/core/idnamespace', errors: 'identity', gate: 'gateway', routes: registerIdentityRoutes },
  { prefix: '/data/core/identity', errors: 'identity-graph', gate: 'gateway', routes: registerIdentityGraphRoutes },
  { prefix: '/data/core/ups', errors: 'profile', gate: 'gateway', routes: registerProfileRoutes },
  { prefix: '/data/core/ca', errors: 'profile', gate: 'gateway', routes: registerComputedAttributeRoutes },
  { prefix: '/collection', errors: 'streaming', gate: 'streaming', routes: registerStreamingRoutes },
];
