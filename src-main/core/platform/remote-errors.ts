import { AppError } from '../../../src-shared/domain/errors';
import { serviceForPath } from './aep-services';

/**
 * Turns an AEP failure into an AppError a person can act on.
 * Why: AEP has no single error body (aep-notes §1.3: gateway, problem+json, Profile, Identity,
 * streaming, IMS, and none at all for Catalog and Batch). We read the status first, then try the
 * known bodies in turn; a body we do not recognise is shown as it came, never dropped.
 */
export interface RemoteFailure {
  method: string;
  path: string;
  status: number;
  /** Parsed JSON when the body was JSON, else undefined. */
  body: unknown;
  /** The raw body text (possibly empty). */
  text: string;
  requestId: string;
  attempts: number;
  elapsedMs: number;
}

export interface FailureContext {
  connectionName: string;
  sandboxName: string;
  orgId: string;
}

interface BodyDescription {
  /** An error code the body carried (`401013`, `XDM-1012-404`, `UPS-ACC-1000004`, `invalid_client`). */
  code?: string;
  /** The human part of the body, or the verbatim body when its shape is unknown. */
  text: string;
  recognised: boolean;
}

const MAX_BODY_CHARS = 2000;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Joins the distinct, non-empty pieces of a message. */
function joinDistinct(parts: Array<string | undefined>): string {
  const seen: string[] = [];
  for (const part of parts) if (part && !seen.some((s) => s.includes(part))) seen.push(part);
  return seen.join(': ');
}

export function truncate(text: string, max = MAX_BODY_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** Reads the known AEP error bodies; falls back to the body as it came. */
export function describeErrorBody(body: unknown, text: string): BodyDescription {
  const item = Array.isArray(body) ? body[0] : body;
  if (isObject(item)) {
    // Gateway: {"error_code":"401013","message":"Oauth token is not valid"}
    const gatewayCode = str(item.error_code);
    if (gatewayCode) return { code: gatewayCode, text: joinDistinct([str(item.message)]) || gatewayCode, recognised: true };
    // IMS: {"error":"invalid_client","error_description":"invalid client_secret parameter"}
    if (str(item.error_description) || (str(item.error) && Object.keys(item).length <= 3 && !str(item.title))) {
      return { code: str(item.error), text: joinDistinct([str(item.error_description), str(item.error)]), recognised: true };
    }
    // Problem-like (Schema Registry, Identity, Streaming, our own sandbox): type/title/detail/report.
    const report = isObject(item.report) ? item.report : undefined;
    const typeCode = str(item.type)?.split('/').pop();
    const problemText = joinDistinct([
      str(item.title) ?? str(item.error),
      str(item.detail) ?? str(item.description),
      report ? (str(report['detailed-message']) ?? str(report.message)) : undefined,
    ]);
    if (problemText) {
      const code = report && str(report.code) ? str(report.code) : typeCode && /\d/.test(typeCode) ? typeCode : undefined;
      return { code, text: problemText, recognised: true };
    }
    // Profile: {"message":"UPS-…","cause":"…","statusCode":"422"} (also inside arrays).
    const message = str(item.message);
    if (message) {
      const upsCode = /^(UPS-[A-Z]+-\d+)/.exec(message)?.[1];
      return { code: upsCode, text: joinDistinct([message, str(item.cause)]), recognised: true };
    }
  }
  const trimmed = text.trim();
  return { text: trimmed === '' ? '(no body)' : truncate(trimmed), recognised: false };
}

/** The message to show for a failed HTTP status, with what to do. */
export function remoteError(failure: RemoteFailure, context: FailureContext): AppError {
  const service = serviceForPath(failure.path);
  const said = describeErrorBody(failure.body, failure.text);
  const aepSaid = said.recognised ? `${service.name} said: ${said.code ? `[${said.code}] ` : ''}${said.text}` : `${service.name} answered: ${said.text}`;
  const call = `${failure.method} ${failure.path}`;
  const ref = `(request id ${failure.requestId})`;
  const lower = `${said.code ?? ''} ${said.text}`.toLowerCase();

  switch (true) {
    case failure.status === 401:
      return new AppError(
        'UNAUTHORIZED',
        `${service.name} rejected the credentials of "${context.connectionName}" (401). ${aepSaid} ${ref}. ` +
          'Check the client secret, and in Adobe Developer Console that the OAuth Server-to-Server credential still exists and has not expired or been rotated; then save the secret again.',
      );
    case failure.status === 403:
      return new AppError('FORBIDDEN', `${forbiddenAdvice(lower, service, context)} ${aepSaid} ${ref}.`);
    case failure.status === 404:
      return new AppError(
        'NOT_FOUND',
        `${service.name} found nothing at ${call} in sandbox "${context.sandboxName}" (404). ${aepSaid} ${ref}. ` +
          'Check the sandbox name of the connection and the id: schemas, datasets and batches exist only in the sandbox they were created in.',
      );
    case failure.status === 429:
      return new AppError(
        'THROTTLED',
        `${service.name} is throttling requests (429) and still was after ${failure.attempts} attempts over ${Math.round(failure.elapsedMs / 1000)} s. ` +
          `${aepSaid} ${ref}. Wait a minute and try again; lower the number of parallel uploads if it keeps happening.`,
      );
    case failure.status === 507:
      return new AppError(
        'REMOTE_ERROR',
        `${service.name} has no space left to store what was sent (507) on ${call}. ${aepSaid} ${ref}. ` +
          "This is the server's storage, not your network: free space on the server (for the Local sandbox, the disk of its data folder), then run the same command again.",
      );
    case failure.status >= 500:
      return new AppError(
        'REMOTE_ERROR',
        `${service.name} failed with ${failure.status} on ${call} after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}. ${aepSaid} ${ref}. ` +
          "This is on Adobe's side or temporary: try again later, and check https://status.adobe.com if it persists.",
      );
    default:
      return new AppError('REMOTE_ERROR', `${service.name} refused ${call} (${failure.status}). ${aepSaid} ${ref}.`);
  }
}

/**
 * A server's own wait (Retry-After) longer than the call's retry budget, said in its words.
 * Why: a 429 asking for 600 s used to stop with "wait a minute", which is wrong by nine minutes;
 * the user gets the server's wait, when to try again, and how to let the CLI wait it out.
 */
export class ServerWaitError extends AppError {
  constructor(
    code: 'THROTTLED' | 'REMOTE_ERROR',
    message: string,
    /** The wait the server asked for: no caller may retry sooner. */
    readonly waitMs: number,
  ) {
    super(code, message);
  }
}

export function serverWaitError(failure: RemoteFailure, wait: { waitMs: number; budgetMs: number; now: number }): ServerWaitError {
  const service = serviceForPath(failure.path);
  const said = describeErrorBody(failure.body, failure.text);
  const aepSaid = said.recognised ? `${service.name} said: ${said.code ? `[${said.code}] ` : ''}${said.text}` : `${service.name} answered: ${said.text}`;
  const seconds = Math.ceil(wait.waitMs / 1000);
  const at = new Date(wait.now + wait.waitMs).toISOString().replace(/\.\d+Z$/, 'Z');
  return new ServerWaitError(
    failure.status === 429 ? 'THROTTLED' : 'REMOTE_ERROR',
    `${service.name} answered ${failure.status} on ${failure.method} ${failure.path} and asked to wait ${seconds} s before trying again, ` +
      `longer than the ${Math.round(wait.budgetMs / 1000)} s this call may take. Try again after ${at} (\`xdm-loader upload --wait-retry-after\` waits it out). ` +
      `${aepSaid} (request id ${failure.requestId}).`,
    wait.waitMs,
  );
}

/**
 * Says which of the usual causes a 403 has, from the body.
 * Why: a 403 is the most common setup failure and the gateway code or the message tells them apart:
 * missing product profile, invalid API key, sandbox permission, Profile entitlement.
 */
function forbiddenAdvice(lower: string, service: ReturnType<typeof serviceForPath>, context: FailureContext): string {
  if (lower.includes('403025') || lower.includes('profile is not valid')) {
    return (
      `The credential is not entitled for org ${context.orgId} (403: missing product profile). In Adobe Developer Console, ` +
      'add the Experience Platform API to the project and assign it a product profile.'
    );
  }
  if (lower.includes('403003') || lower.includes('api key is invalid') || lower.includes('403000')) {
    return 'The client id (API key) is not valid for this org (403). Copy the client id from the credential page in Adobe Developer Console.';
  }
  if (lower.includes('403010') || lower.includes('token is missing')) {
    return 'The request carried no access token (403). This is a bug in XDM Loader; please report it.';
  }
  if (lower.includes('not provisioned') || lower.includes('ups-acc') || (service.id === 'profile' && lower.includes('entitle'))) {
    return (
      `The org is not entitled to ${service.name} (403). Since 2026 the Profile Access API needs Real-Time CDP Ultimate; ` +
      'this is an entitlement, not a missing profile: ask your Adobe account team, or confirm in the Profile browser of the AEP UI instead.'
    );
  }
  if (lower.includes('sandbox')) {
    return (
      `The credential has no access to sandbox "${context.sandboxName}" (403). In Adobe Admin Console, add this sandbox to the ` +
      'product profile assigned to the API credential, or correct the sandbox name of the connection.'
    );
  }
  return (
    `The credential is not allowed to use ${service.name} in sandbox "${context.sandboxName}" (403: missing permission). ` +
    `In Adobe Admin Console, give the product profile assigned to the API credential the permission ${service.permissions} ` +
    'and access to this sandbox.'
  );
}

/** Network-level failure codes, and whether each proves the request never reached the server. */
const unsentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED']);

/** The innermost error code of a fetch failure (`TypeError: fetch failed` wraps the real cause). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (isObject(current) || current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string' && code !== 'ERR_INVALID_ARG_TYPE') return code;
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return undefined;
}

/** True when the failure happened before any byte of the request could be processed. */
export function isUnsentFailure(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && unsentCodes.has(code);
}

export function unreachableError(error: unknown, info: { url: string; attempts: number; elapsedMs: number }): AppError {
  const code = networkErrorCode(error) ?? (error instanceof Error ? error.name : 'error');
  const host = new URL(info.url).host;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  const advice =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `The host name ${host} does not resolve: check the URL in the connection, and your DNS, VPN or proxy.`
      : code === 'ECONNREFUSED'
        ? `Nothing accepts connections at ${host}: check the URL and port (for the Local sandbox, that it is running).`
        : code === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT'
          ? `${host} did not answer in time: check your network, VPN or proxy, then try again.`
          : `The connection to ${host} failed (${code}): check your network, VPN or proxy, then try again.`;
  return new AppError(
    'UNREACHABLE',
    `Cannot reach ${host} after ${info.attempts} attempt${info.attempts === 1 ? '' : 's'} over ${Math.round(info.elapsedMs / 1000)} s: ${cause}. ${advice}`,
  );
}
