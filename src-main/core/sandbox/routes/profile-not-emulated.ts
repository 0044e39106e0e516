/**
 * Profile operations of Adobe's spec that the Local sandbox answers 501 (see `not-emulated.ts`):
 * writing merge policies (the sandbox serves one default policy per class, which is what its lookups
 * merge by), deleting entities and deletion jobs, and the preview sample reports of a sampling job
 * that never runs here.
 */
import type { FastifyInstance } from 'fastify';
import { notEmulated } from './not-emulated';

export function registerProfileNotEmulatedRoutes(app: FastifyInstance): void {
  const answer = (operation: string, why: string) => async (): Promise<never> => {
    throw notEmulated(operation, why);
  };
  const mergePolicies = answer('changes to merge policies', 'it serves one default merge policy per class (GET /config/mergePolicies)');
  app.post('/config/mergePolicies', mergePolicies);
  app.put('/config/mergePolicies/:id', mergePolicies);
  app.patch('/config/mergePolicies/:id', mergePolicies);
  app.delete('/config/mergePolicies/:id', mergePolicies);
  const deletion = answer('Profile deletions', 'revert a batch (Batch Ingestion action=REVERT) to take its data out of Profile');
  app.delete('/access/entities', deletion);
  app.get('/system/jobs', deletion);
  app.post('/system/jobs', deletion);
  app.get('/system/jobs/:id', deletion);
  app.delete('/system/jobs/:id', deletion);
  const preview = answer('the Profile preview sample', 'no sample job runs; look profiles up through /access/entities');
  app.get('/previewsamplestatus', preview);
  app.get('/previewsamplestatus/report/dataset', preview);
  app.get('/previewsamplestatus/report/namespace', preview);
}
