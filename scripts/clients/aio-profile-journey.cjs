/**
 * The Profile lookup of the tutorial through Adobe's own Node client, @adobe/aio-lib-customer-profile,
 * against the Local sandbox.
 *
 * The library is generated from Adobe's Profile spec with swagger-client, so it sends what that spec says
 * and reads what it promises; it has no setting for the platform host (the spec's `servers` is fixed to
 * platform.adobe.io), so this driver points the spec's server at the sandbox before init, the one change
 * a user would have to make. It runs each call, keeps going after a failure and prints one line per call.
 *
 * Run from a folder where the library is installed (see scripts/clients/README.md):
 *   XDM_SANDBOX_JSON='<sandbox --json line>' PLATFORM_URL=<proxy url> TRIAL_LOG=<proxy log> \
 *   PROFILE_IDENTITY=<an email that has a profile> node aio-profile-journey.cjs
 * Not part of `npm test`.
 */
'use strict';
const { appendFileSync } = require('node:fs');
const path = require('node:path');

const libraryRoot = path.dirname(require.resolve('@adobe/aio-lib-customer-profile/package.json', { paths: [process.cwd()] }));
const spec = require(path.join(libraryRoot, 'spec/api.json'));
const sandbox = JSON.parse(process.env.XDM_SANDBOX_JSON);
const platformUrl = process.env.PLATFORM_URL;
const trialLog = process.env.TRIAL_LOG;
const knownEmail = process.env.PROFILE_IDENTITY ?? 'streamed@example.com';
spec.servers = [{ url: `${platformUrl}/data/core/ups` }];
const profileLibrary = require(libraryRoot);

/** Runs one client call, prints its outcome and marks the proxy log so requests can be traced to it. */
async function step(name, call) {
  appendFileSync(trialLog, `${JSON.stringify({ step: name })}\n`);
  try {
    const response = await call();
    const shown = JSON.stringify(response?.body ?? response ?? null).slice(0, 300);
    console.log(`OK   ${name}: ${response?.status ?? ''} ${shown}`);
    return response;
  } catch (error) {
    console.log(`FAIL ${name}: ${error?.name ?? ''} ${String(error?.message ?? error).slice(0, 400)}`);
    return undefined;
  }
}

async function main() {
  // A user gets the token from IMS with the client credentials of the Developer Console project.
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sandbox.clientId,
    client_secret: sandbox.clientSecret,
    scope: 'openid,AdobeID,read_organizations',
  });
  const token = await (await fetch(`${platformUrl}/ims/token/v3`, { method: 'POST', body: form })).json();
  // init(tenantId, imsOrgId, apiKey, accessToken, sandbox): the tenant id only fills a server variable.
  const client = await profileLibrary.init('tenant', sandbox.orgId, sandbox.clientId, token.access_token, sandbox.sandboxName);
  await step('getProfile(known, Email)', () => client.getProfile({ entityId: knownEmail, entityIdNS: 'Email' }));
  await step('getProfile(known, email)', () => client.getProfile({ entityId: knownEmail, entityIdNS: 'email' }));
  await step('getProfile(unknown)', () => client.getProfile({ entityId: 'nobody@example.com', entityIdNS: 'Email' }));
  await step('getProfile(fields)', () => client.getProfile({ entityId: knownEmail, entityIdNS: 'Email', fields: 'personalEmail,person.name' }));
  await step('getExperienceEvents', () => client.getExperienceEvents({ relatedEntityId: knownEmail, relatedEntityIdNS: 'Email' }));
  // POST /access/entities is not reachable: the library builds every request with the empty body it was
  // given at init, so the multi-identity lookup is exercised by the aepp driver instead.
  await step('getConfigMergePolicies', () => client.getConfigMergePolicies({}));
  await step('getAccessEntities(no sandbox header)', async () => {
    const bare = await profileLibrary.init('tenant', sandbox.orgId, sandbox.clientId, token.access_token);
    return bare.getProfile({ entityId: knownEmail, entityIdNS: 'Email' });
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
