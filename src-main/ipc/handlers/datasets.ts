import type { Services } from '../../core/services/index';
import type { HandlerFragment, RequestsOf } from './fragment';

/** Datasets of a sandbox, thin over the targets service (as `xdm-loader datasets`). */
export function datasetHandlers(deps: { services: Pick<Services, 'targets'> }): HandlerFragment<RequestsOf<'datasets'>> {
  const { targets } = deps.services;
  return {
    'datasets.list': async ({ connectionId }, ctx) => targets.listDatasets(connectionId, ctx.signal),
    'datasets.get': async ({ connectionId, datasetId }, ctx) => targets.getDataset(connectionId, datasetId, ctx.signal),
    'datasets.create': async ({ connectionId, schemaId, name, description, profile }, ctx) =>
      targets.createDataset(connectionId, { name, schemaId, profile, ...(description ? { description } : {}) }, ctx.signal),
    'datasets.enableForProfile': async ({ connectionId, datasetId, upsert }, ctx) =>
      targets.enableDatasetForProfile(connectionId, datasetId, { upsert }, ctx.signal),
  };
}
