import { z } from 'zod';
import { aepServices } from './aep-services';
import type { PlatformClient } from './platform-client';

/**
 * Streaming ingestion to an HTTP API inlet (aep-notes §7).
 * Why idempotent: Adobe asks clients to retry 503 at least three times, and an XDM record carries
 * its own `_id`, so a repeated message is recognised downstream rather than counted twice.
 */
const base = aepServices.streaming.basePath;

export interface StreamingEnvelope {
  header: {
    schemaRef: { id: string; contentType: string };
    imsOrgId: string;
    datasetId: string;
    flowId?: string;
    source?: { name: string };
  };
  body: { xdmMeta: { schemaRef: { id: string; contentType: string } }; xdmEntity: Record<string, unknown> };
}

export interface InletOptions {
  /** The inlet (connection) id from Flow Service. */
  inletId: string;
  flowId?: string;
  /** Send the access token; only for inlets created with authentication. */
  authenticated?: boolean;
  signal?: AbortSignal;
}

/** Builds the envelope the inlet expects around one XDM record. */
export function streamingEnvelope(record: Record<string, unknown>, target: { schemaId: string; datasetId: string; orgId: string; flowId?: string }): StreamingEnvelope {
  const schemaRef = { id: target.schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
  return {
    header: {
      schemaRef,
      imsOrgId: target.orgId,
      datasetId: target.datasetId,
      ...(target.flowId !== undefined ? { flowId: target.flowId } : {}),
      source: { name: 'XDM Loader' },
    },
    body: { xdmMeta: { schemaRef }, xdmEntity: record },
  };
}

const SingleResult = z
  .object({
    inletId: z.string().optional(),
    inletID: z.string().optional(),
    xactionId: z.string().optional(),
    receivedTimeMs: z.number().optional(),
  })
  .loose();
export type StreamingResult = z.infer<typeof SingleResult>;

/** Sends one record; with `syncValidation` an invalid record is answered 400 and dropped. */
export function sendStreamingMessage(
  client: PlatformClient,
  envelope: StreamingEnvelope,
  options: InletOptions & { syncValidation?: boolean },
): Promise<StreamingResult> {
  return client.json(SingleResult, {
    method: 'POST',
    base: 'streaming',
    path: `${base}/${encodeURIComponent(options.inletId)}`,
    query: { syncValidation: options.syncValidation ? true : undefined },
    headers: options.flowId !== undefined ? { 'x-adobe-flow-id': options.flowId } : {},
    body: { kind: 'json', value: envelope },
    auth: options.authenticated ? 'platform' : 'none',
    idempotent: true,
    signal: options.signal,
  });
}

const BatchResult = z
  .object({
    batchId: z.string().optional(),
    responses: z.array(z.object({ xactionId: z.string().optional(), statusCode: z.number().optional(), message: z.string().optional() }).loose()),
  })
  .loose();

export interface StreamingItemResult {
  ok: boolean;
  xactionId?: string;
  statusCode?: number;
  message?: string;
}

/** Sends several records in one call (answered 207); one result per message, in order. */
export async function sendStreamingBatch(client: PlatformClient, envelopes: readonly StreamingEnvelope[], options: InletOptions): Promise<StreamingItemResult[]> {
  const answer = await client.json(BatchResult, {
    method: 'POST',
    base: 'streaming',
    path: `${base}/batch/${encodeURIComponent(options.inletId)}`,
    headers: options.flowId !== undefined ? { 'x-adobe-flow-id': options.flowId } : {},
    body: { kind: 'json', value: { messages: envelopes } },
    auth: options.authenticated ? 'platform' : 'none',
    idempotent: true,
    signal: options.signal,
  });
  return answer.responses.map((r) => ({
    ok: r.statusCode === undefined || (r.statusCode >= 200 && r.statusCode < 300),
    ...(r.xactionId !== undefined ? { xactionId: r.xactionId } : {}),
    ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}),
    ...(r.message !== undefined ? { message: r.message } : {}),
  }));
}
