/**
 * The framework's own errors in the sandbox's words: bad JSON, an unsupported media type, a body too
 * large, schema validation, anything else fastify raises.
 *
 * AEP never answers with a fastify code (`FST_ERR_*`) or fastify's wording, so every error that is
 * not the sandbox's own becomes a `RequestError` with a plain message; the family's plugin then
 * renders it in its shape with its generic code.
 */
import type { FastifyError, FastifyRequest } from 'fastify';
import { ApiError, RequestError } from './errors';

/** Where a schema validation error was found, in the words of an API guide. */
const PLACE: Record<string, string> = {
  body: 'request body',
  querystring: 'query parameter',
  params: 'path parameter',
  headers: 'header',
};

/** An ajv issue; `parentSchema` (the schema that failed) is there because the server's ajv is `verbose`. */
type ValidationIssue = NonNullable<FastifyError['validation']>[number] & { parentSchema?: { description?: unknown } };

/** `name` for `/name`, `schemaRef.id` for `/schemaRef/id`, the missing property for `required`. */
function fieldOf(issue: ValidationIssue): string {
  const path = issue.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = issue.keyword === 'required' ? (issue.params as { missingProperty?: unknown }).missingProperty : undefined;
  if (typeof missing === 'string') path.push(missing);
  return path.join('.');
}

/**
 * What the value must be: the failing schema's `description` when it has one (`schema-parts.ts`),
 * which says it as a guide would ("an integer from 1 to 100"), else ajv's wording. The server's ajv
 * runs `verbose`, so an issue carries the schema it failed.
 */
function expectation(issue: ValidationIssue): string {
  if (issue.keyword === 'false schema') return 'is not accepted';
  const described = issue.parentSchema?.description;
  if (typeof described === 'string') return `must be ${described}`;
  return issue.message ?? 'is invalid';
}

/**
 * Whether an issue only says why one branch of a failed `anyOf`/`oneOf` failed: the combinator's own
 * issue (whose schema's `description` names every way that is accepted) says it once for all of them.
 */
function insideFailedChoice(issue: ValidationIssue, issues: ValidationIssue[]): boolean {
  return issues.some((other) => (other.keyword === 'anyOf' || other.keyword === 'oneOf') && issue.schemaPath.startsWith(`${other.schemaPath}/`));
}

/**
 * One sentence per schema issue: what is wrong and where. An `if` issue only repeats that its `then`
 * failed, which the issue before it already says.
 */
export function describeValidation(context: string | undefined, issues: ValidationIssue[]): string {
  const place = PLACE[context ?? 'body'] ?? 'request';
  const lines = issues
    .filter((issue) => issue.keyword !== 'if' && !insideFailedChoice(issue, issues))
    .map((issue) => {
      const field = fieldOf(issue);
      if (issue.keyword === 'required') return `${place} is missing ${field}`;
      return field ? `${place} ${field} ${expectation(issue)}` : `${place} ${expectation(issue)}`;
    });
  return `Invalid request: ${lines.join('; ')}`;
}

function contentTypeOf(req: FastifyRequest): string {
  const v = req.headers['content-type'];
  return (Array.isArray(v) ? v[0] : v) ?? '(none)';
}

/** 415 for a body of a media type the operation does not read. */
export function unsupportedMediaType(req: FastifyRequest): RequestError {
  return new RequestError(415, `The Content-Type ${contentTypeOf(req)} is not supported by this operation`);
}

/** The sandbox's own errors pass through; everything else is put in the sandbox's words. */
export function toSandboxError(error: Error, req: FastifyRequest): ApiError | RequestError {
  if (error instanceof ApiError || error instanceof RequestError) return error;
  const fe = error as Partial<FastifyError>;
  if (Array.isArray(fe.validation)) return new RequestError(400, describeValidation(fe.validationContext, fe.validation));
  // The sandbox's own disk is full: the server's storage, said as HTTP says it, not a crash.
  if (fe.code === 'ENOSPC' || fe.code === 'EDQUOT') return new RequestError(507, 'The server has no space left to store the request');
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  switch (status) {
    case 413:
      return new RequestError(413, `The request body is larger than the ${req.routeOptions.bodyLimit} bytes this operation accepts`);
    case 415:
      return unsupportedMediaType(req);
    case 400:
      return new RequestError(
        400,
        fe.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' ? 'The Content-Length does not match the body' : 'The request is malformed',
      );
  }
  // A failure of the sandbox itself: its message helps whoever runs it, but a framework's does not.
  const own = typeof fe.code !== 'string' || !fe.code.startsWith('FST_');
  return new RequestError(status, own && status >= 500 ? error.message : 'The request could not be handled');
}
