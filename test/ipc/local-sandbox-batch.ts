import type { LocalSandboxEndpoint } from '../../src-main/core/platform/connection-target';

/**
 * Sends one customer record to a Local sandbox as a batch (token, batch, PUT, COMPLETE) and polls
 * the Catalog until the batch is terminal: proof that its server and its processing worker run.
 */
export async function processOneRecord({ url, credentials: c }: LocalSandboxEndpoint): Promise<{ status: string; metrics?: Record<string, number> }> {
  const tokenReply = await fetch(`${url}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid' }),
  });
  const { access_token: token } = (await tokenReply.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, 'x-api-key': c.clientId, 'x-gw-ims-org-id': c.orgId, 'x-sandbox-name': c.sandboxName };
  const datasets = (await (await fetch(`${url}/data/foundation/catalog/dataSets?name=XDM%20Loader%20Customers`, { headers })).json()) as Record<
    string,
    unknown
  >;
  const datasetId = Object.keys(datasets)[0];
  if (!datasetId) throw new Error('The seeded customers dataset is missing');
  const created = await fetch(`${url}/data/foundation/import/batches`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ datasetId, inputFormat: { format: 'json' } }),
  });
  const { id } = (await created.json()) as { id: string };
  await fetch(`${url}/data/foundation/import/batches/${id}/datasets/${datasetId}/files/a.json`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: '{"_id":"w1","personalEmail":{"address":"worker@example.com"}}\n',
  });
  await fetch(`${url}/data/foundation/import/batches/${id}?action=COMPLETE`, { method: 'POST', headers });
  for (let i = 0; i < 300; i++) {
    const batches = (await (await fetch(`${url}/data/foundation/catalog/batches/${id}`, { headers })).json()) as Record<
      string,
      { status: string; metrics?: Record<string, number> }
    >;
    const batch = batches[id];
    if (batch && (batch.status === 'success' || batch.status === 'failed')) return batch;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Batch ${id} did not finish in 30 s`);
}
