/**
 * Error bodies in each AEP family's own shape (aep-notes §1.3).
 *
 * AEP has no single error format: the gateway, Schema Registry, Identity, Profile and Streaming each
 * answer differently, and Catalog/Batch Ingestion document none (we use the registry's problem shape
 * there, the closest documented Platform convention). Routes throw `ApiError`; the server's error
 * handler renders it in the family of the request's path.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue } from '../json';

export type ErrorFamily = 'gateway' | 'registry' | 'catalog' | 'identity' | 'profile' | 'streaming' | 'ims';

/** An error a route raises; rendered by `renderError`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    readonly extra: JsonObject = {},
  ) {
    super(message);
  }
}

/** Which family answers for a path. */
export function familyOf(url: string): ErrorFamily {
  if (url.startsWith('/ims/')) return 'ims';
  if (url.startsWith('/data/foundation/schemaregistry')) return 'registry';
  if (url.startsWith('/data/core/idnamespace')) return 'identity';
  if (url.startsWith('/data/core/ups')) return 'profile';
  if (url.startsWith('/collection')) return 'streaming';
  return 'catalog';
}

/** The gateway's body: `{"error_code":"401013","message":"Oauth token is not valid"}`. */
export function gatewayBody(code: string, message: string): JsonObject {
  return { error_code: code, message };
}

/** Renders an error in the family's documented shape. */
export function renderError(family: ErrorFamily, status: number, code: string, title: string, detail: string, extra: JsonObject = {}): JsonValue {
  switch (family) {
    case 'ims':
      return { error: code, error_description: detail };
    case 'gateway':
      return gatewayBody(code, detail);
    case 'identity':
      return {
        timestamp: new Date().toISOString(),
        type: 'http://ns.adobe.com/adobecloud/problem/namespacevalidation',
        status,
        title,
        report: { code, message: detail },
        ...extra,
      };
    case 'profile':
      if (status === 429) return [{ message: 'Too many requests', cause: detail, retryAfterMs: String(extra.retryAfterMs ?? '1000'), statusCode: '429' }];
      return { message: `${code}: ${detail}`, cause: detail, statusCode: String(status), ...extra };
    case 'streaming':
      return { type: 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet', status, title, report: { message: detail, ...extra } };
    case 'registry':
    case 'catalog':
      return {
        type: `http://ns.adobe.com/aep/errors/${code}`,
        title,
        status,
        report: { registryRequestId: randomUUID(), timestamp: new Date().toISOString(), 'detailed-message': detail, 'sub-errors': [] },
        detail,
        ...extra,
      };
  }
}
