import { describe, expect, it } from 'vitest';
import { describeErrorBody, remoteError, type RemoteFailure } from '../../../src-main/core/platform/remote-errors';
import { backoffDelayMs, parseRetryAfter } from '../../../src-main/core/platform/retry-policy';

const context = { connectionName: 'Acme dev', sandboxName: 'dev', orgId: 'ABC@AdobeOrg' };
const failure = (path: string, status: number, body: unknown, text = JSON.stringify(body)): RemoteFailure => ({
  method: 'GET',
  path,
  status,
  body,
  text,
  requestId: 'req-1',
  attempts: 1,
  elapsedMs: 10,
});

describe('AEP error bodies become actionable AppErrors', () => {
  it('403 gateway 403025: missing product profile, says to fix it in Developer Console', () => {
    const error = remoteError(failure('/data/foundation/catalog/dataSets', 403, { error_code: '403025', message: 'Profile is not valid' }), context);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/product profile/);
    expect(error.message).toMatch(/Developer Console/);
    expect(error.message).toContain('[403025] Profile is not valid');
    expect(error.message).toContain('req-1');
  });

  it('403 about the sandbox: says which sandbox and where to grant it', () => {
    const body = { type: 'http://ns.adobe.com/aep/errors/XDM-1021-403', title: 'Forbidden', detail: 'User does not have access to sandbox dev' };
    const error = remoteError(failure('/data/foundation/schemaregistry/tenant/schemas', 403, body), context);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('sandbox "dev"');
    expect(error.message).toMatch(/Admin Console/);
  });

  it('403 from Profile when the org is not provisioned: an entitlement, not "not found"', () => {
    const error = remoteError(
      failure('/data/core/ups/access/entities', 403, { message: 'UPS-ACC-1000004: IMS Org is not provisioned.', statusCode: '403' }),
      context,
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/Real-Time CDP Ultimate/);
    expect(error.message).toContain('[UPS-ACC-1000004]');
  });

  it('403 with no recognisable cause names the permission of the service', () => {
    const error = remoteError(failure('/data/foundation/catalog/dataSets', 403, undefined, ''), context);
    expect(error.message).toContain('"View Datasets"');
    expect(error.message).toContain('(no body)');
  });

  it('404 points at the sandbox name and the id', () => {
    const body = {
      type: 'http://ns.adobe.com/aep/errors/XDM-1012-404',
      title: 'Resource Not Found',
      status: 404,
      report: { 'detailed-message': 'schema x not found' },
    };
    const error = remoteError(failure('/data/foundation/schemaregistry/tenant/schemas/x', 404, body), context);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('sandbox "dev"');
    expect(error.message).toContain('[XDM-1012-404] Resource Not Found: schema x not found');
  });

  it('an unknown body is shown as it came', () => {
    const error = remoteError(failure('/data/foundation/import/batches', 400, undefined, '<html>Bad gateway config 42</html>'), context);
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toContain('<html>Bad gateway config 42</html>');
  });

  it('reads the Identity and streaming problem shapes', () => {
    expect(describeErrorBody({ title: 'RequestRateTooLarge', status: 429, detail: 'Request rate is large. Please try again later.' }, '').text).toBe(
      'RequestRateTooLarge: Request rate is large. Please try again later.',
    );
    const streaming = { type: 'x/inlet', status: 400, title: 'Invalid XDM Message Format', report: { message: 'inletId: [a] Message is invalid' } };
    expect(describeErrorBody(streaming, '').text).toBe('Invalid XDM Message Format: inletId: [a] Message is invalid');
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('grows exponentially, is capped, and is jittered', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 60_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });
});
