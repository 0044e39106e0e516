import { z } from 'zod';
import { aepServices } from './aep-services';
import { wireNumber } from './wire-number';
import type { PlatformClient, PlatformRequest } from './platform-client';

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
export function streamingEnvelope(
  record: Record<string, unknown>,
  target: { schemaId: string; datasetId: string; orgId: string; flowId?: string },
): StreamingEnvelope {
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
    // Epoch milliseconds; the Streaming spec's own example writes them as a string.
    receivedTimeMs: wireNumber.optional(),
  })
  .loose();
export type StreamingResult = z.infer<typeof SingleResult>;

/** Sends one record; with `syncValidation` an invalid record is answered 400 and dropped. */
export function sendStreamingMessage(
  client: PlatformClient,
  envelope: StreamingEnvelope,
  options: InletOptions & { syncValidation?: boolean },
): Promise<StreamingResult> {
  return client.json(SingleResult, singleMessageRequest(envelope, options));
}

/** The POST of one record to an inlet, shared by both senders. */
function singleMessageRequest(envelope: StreamingEnvelope, options: InletOptions & { syncValidation?: boolean }): PlatformRequest {
  const headers: Record<string, string> = options.flowId !== undefined ? { 'x-adobe-flow-id': options.flowId } : {};
  return {
    method: 'POST',
    base: 'streaming',
    path: `${base}/${encodeURIComponent(options.inletId)}`,
    query: { syncValidation: options.syncValidation ? true : undefined },
    headers,
    body: { kind: 'json', value: envelope },
    auth: options.authenticated ? 'platform' : 'none',
    idempotent: true,
    signal: options.signal,
  };
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
export async function sendStreamingBatch(
  client: PlatformClient,
  envelopes: readonly StreamingEnvelope[],
  options: InletOptions,
): Promise<StreamingItemResult[]> {
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

// ---------------------------------------------------------------------------------------------
// Added for the streaming job (core/jobs/stream): a single message whose validation failure is a
// result, not an exception.
// ---------------------------------------------------------------------------------------------

/** One violation from synchronous validation (`report.cause._streamingValidation[].causingExceptions[]`). */
export interface StreamingViolation {
  pointer?: string;
  keyword?: string;
  message: string;
}

export type StreamingMessageOutcome = { ok: true; xactionId?: string } | { ok: false; statusCode: number; message: string; violations: StreamingViolation[] };

const ValidationException = z
  .object({
    pointerToViolation: z.string().optional(),
    keyword: z.string().optional(),
    message: z.string().optional(),
    causingExceptions: z.array(z.unknown()).optional(),
  })
  .loose();

/** Flattens the nested `causingExceptions` tree into its leaves (the concrete violations). */
function violationsOf(nodes: readonly unknown[], out: StreamingViolation[] = []): StreamingViolation[] {
  for (const node of nodes) {
    const parsed = ValidationException.safeParse(node);
    if (!parsed.success) continue;
    const children = parsed.data.causingExceptions ?? [];
    if (children.length > 0) violationsOf(children, out);
    else
      out.push({
        ...(parsed.data.pointerToViolation !== undefined ? { pointer: parsed.data.pointerToViolation } : {}),
        ...(parsed.data.keyword !== undefined ? { keyword: parsed.data.keyword } : {}),
        message: parsed.data.message ?? 'invalid',
      });
  }
  return out;
}

/** Reads DCS's 400/413 bodies (`{title, report:{message, cause:{_streamingValidation:[…]}}}`). */
export function streamingRejection(statusCode: number, body: unknown, text: string): { statusCode: number; message: string; violations: StreamingViolation[] } {
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const report = object.report !== null && typeof object.report === 'object' ? (object.report as Record<string, unknown>) : {};
  const cause = report.cause !== null && typeof report.cause === 'object' ? (report.cause as Record<string, unknown>) : {};
  const validation = Array.isArray(cause._streamingValidation) ? cause._streamingValidation : [];
  const message =
    [object.title, report.message, object.detail, object.message].find((v): v is string => typeof v === 'string' && v.trim() !== '') ??
    (text.trim() || `HTTP ${statusCode}`);
  return { statusCode, message, violations: violationsOf(validation) };
}

/**
 * Sends one record; a 400 (invalid, dropped by sync validation) or 413 (too large) comes back as a
 * rejected outcome with its violations, other failures throw as usual.
 * Why separate from `sendStreamingMessage`: a rejected record is an expected, per-record answer
 * the steward must see field by field, not a failure of the whole send.
 */
export async function sendStreamingMessageChecked(
  client: PlatformClient,
  envelope: StreamingEnvelope,
  options: InletOptions & { syncValidation?: boolean },
): Promise<StreamingMessageOutcome> {
  const response = await client.send({ ...singleMessageRequest(envelope, options), accept: [400, 413] });
  if (response.status === 400 || response.status === 413) return { ok: false, ...streamingRejection(response.status, response.json, response.text) };
  const parsed = SingleResult.safeParse(response.json);
  return parsed.success && parsed.data.xactionId !== undefined ? { ok: true, xactionId: parsed.data.xactionId } : { ok: true };
}
