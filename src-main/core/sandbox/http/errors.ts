/**
 * Error bodies in each AEP family's own shape (aep-notes §1.3).
 *
 * AEP has no single error format: the gateway, Schema Registry, Identity, Profile and Streaming each
 * answer differently, and Catalog/Batch Ingestion document none (we use the registry's problem shape
 * there, the closest documented Platform convention). Routes throw `ApiError`; each service family's
 * plugin renders it in its own shape, so the family is known by where the route lives.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { JsonObject, JsonValue } from '../json';

export type ErrorFamily = 'gateway' | 'registry' | 'catalog' | 'identity' | 'identity-graph' | 'profile' | 'streaming' | 'ims' | 'admin';

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

/**
 * An error that any family can raise (bad JSON, unknown path, a body too large): it carries no code,
 * and takes the family's generic code for its status when rendered.
 */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The HTTP reason phrase, used as the title of errors that have no more specific one. */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * The code a family gives an error with no code of its own. Registry codes follow its documented
 * `XDM-nnnn-status` form (`XDM-1012-404` is the spec's not-found); the others mirror the codes the
 * routes already raise for the same status. Inferred: Adobe documents no code for these cases.
 */
export function genericCode(family: ErrorFamily, status: number): string {
  switch (family) {
    case 'registry':
      return status === 404 ? 'XDM-1012-404' : status === 400 ? 'XDM-1001-400' : `XDM-1000-${status}`;
    case 'profile':
      return status === 404 ? 'UPS-ACC-1000404' : status === 400 ? 'UPS-VAL-1000001' : `UPS-VAL-${status}`;
    case 'identity':
      // 400 is the code both namespace writes document (`INVALID_REQUEST_PARAMS`, identity-service.yaml).
      return status === 404 ? 'NOT_FOUND' : status >= 500 ? 'INTERNAL_ERROR' : status === 400 ? 'INVALID_REQUEST_PARAMS' : 'INVALID_REQUEST';
    case 'identity-graph':
      // The spec's two: `InvalidInput` (400) and `RequestRateTooLarge` (429); others the reason phrase in that style.
      return status === 400 ? 'InvalidInput' : status === 429 ? 'RequestRateTooLarge' : statusTitle(status).replace(/[^A-Za-z]/g, '');
    case 'streaming':
      return `DCS-${status}`;
    case 'ims':
    case 'admin':
      return status === 404 ? 'not_found' : status >= 500 ? 'server_error' : 'invalid_request';
    case 'gateway':
      return `${status}000`;
    case 'catalog':
      return String(status);
  }
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
    case 'admin':
      return { error: code, message: detail };
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
    case 'identity-graph':
      // `ServiceErrorStatus` of identity-service.yaml: `{"title":"InvalidInput","status":400,"detail":"The provided namespace=…"}`.
      return { title: code, status, detail, ...extra };
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

/** Renders an `ApiError` or a `RequestError` in the family's shape. */
export function renderThrown(family: ErrorFamily, error: ApiError | RequestError): JsonValue {
  if (error instanceof ApiError) return renderError(family, error.status, error.code, error.title, error.message, error.extra);
  return renderError(family, error.status, genericCode(family, error.status), statusTitle(error.status), error.message);
}

/** The 404 for a path no route of its family serves: the family's not-found handler and routes that match a path they do not serve answer it alike. */
export function noRouteError(method: string, url: string): RequestError {
  return new RequestError(404, `No route for ${method} ${url.split('?')[0] ?? url}`);
}
