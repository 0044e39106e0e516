import { z } from 'zod';
import { DatasetSummary } from '../../platform/targets';
import type { RequestMap } from '../request-map';
import { onConnection } from './connections';

/** Datasets of a sandbox: listed, read, created (tagged for Profile at creation) and enabled for Profile. */

export const datasetRequests = {
  'datasets.list': {
    input: z.object(onConnection).strict(),
    output: z.array(DatasetSummary),
  },
  'datasets.get': {
    input: z.object({ ...onConnection, datasetId: z.string().trim().min(1) }).strict(),
    output: DatasetSummary,
  },
  'datasets.create': {
    input: z
      .object({
        ...onConnection,
        schemaId: z.string().trim().min(1),
        name: z.string().trim().min(1, 'a dataset name is required').max(200),
        description: z.string().trim().max(2000).optional(),
        /** Tag the dataset for Profile and Identity at creation. */
        profile: z.boolean().default(false),
      })
      .strict(),
    output: DatasetSummary,
  },
  'datasets.enableForProfile': {
    input: z.object({ ...onConnection, datasetId: z.string().trim().min(1), upsert: z.boolean().default(false) }).strict(),
    output: DatasetSummary,
  },
} as const satisfies RequestMap;
