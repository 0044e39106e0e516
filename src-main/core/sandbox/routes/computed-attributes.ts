/**
 * Computed attributes (`/data/core/ca/attributes`), a Profile service the Local sandbox does not
 * emulate: each operation answers 501 in Profile's error shape (see `not-emulated.ts`).
 */
import type { FastifyInstance } from 'fastify';
import { notEmulated } from './not-emulated';

export function registerComputedAttributeRoutes(app: FastifyInstance): void {
  const answer = async (): Promise<never> => {
    throw notEmulated('computed attributes', 'it computes no aggregates over experience events');
  };
  app.get('/attributes', answer);
  app.post('/attributes', answer);
  app.get('/attributes/:id', answer);
  app.patch('/attributes/:id', answer);
  app.delete('/attributes/:id', answer);
}
