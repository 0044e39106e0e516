import type { EmbeddedSandboxInfo } from './browser-mode';

/**
 * The embedded Local sandbox called as any AEP client calls it, from a test (the renderer never
 * holds its credentials): what a spec seeds or checks behind the screens' back.
 */

/** The headers an AEP client sends: a token from the sandbox's IMS, the API key, org and sandbox. */
export async function aepHeaders(sandbox: EmbeddedSandboxInfo): Promise<Record<string, string>> {
  const token = await fetch(`${sandbox.url}/ims/token/v3`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      scope: 'openid,AdobeID,read_organizations',
    }),
  });
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  return { authorization: `Bearer ${accessToken}`, 'x-api-key': sandbox.clientId, 'x-gw-ims-org-id': sandbox.orgId, 'x-sandbox-name': sandbox.sandboxName };
}
