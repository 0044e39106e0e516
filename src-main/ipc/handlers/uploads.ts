import type { Services } from '../../core/services/index';
import type { HandlerFragment } from './fragment';

/**
 * This machine's uploads as the Jobs screen lists them, from the journals (the app's and the CLI's).
 * `uploads.resume` starts a job, so it lives with the job handlers (jobs.ts); its checks are the
 * same service's.
 */
export function uploadHandlers(deps: { services: Pick<Services, 'uploads'> }): HandlerFragment<'uploads.list'> {
  return {
    'uploads.list': async ({ limit }) => deps.services.uploads.list(limit),
  };
}
