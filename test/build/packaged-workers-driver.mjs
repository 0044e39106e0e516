// Starts the worker bundles from a folder laid out like a packaged app's app.asar.unpacked, and
// prints one JSON line with what each answered. Run by test/build/worker-bundles.test.ts with plain
// `node` (no vitest, no tsx, no loader hooks), so each worker resolves its imports exactly as it
// would in the packaged app: from its own file, with only the unpacked node_modules above it.
// Imports nothing but Node built-ins, so where this file sits does not matter.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** @type {{ workers: string; prepare: unknown; inspect: unknown; schemaTree: unknown; sandbox: { dataDir: string; assetsDir: string }; stream: { input: string } }} */
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const start = (bundle, options) => new Worker(pathToFileURL(path.join(config.workers, bundle)), options);

/** The prepare worker speaks the job-worker protocol (src-main/core/workers/job-worker-protocol.ts): its result holds the summary. */
function prepare() {
  return new Promise((resolve, reject) => {
    const worker = start('prepare-worker.mjs', { workerData: config.prepare });
    worker.on('message', (m) => {
      if (m.type === 'done') resolve(m.result.summary);
      else if (m.type === 'error') reject(new Error(`prepare: ${m.error.code}: ${m.error.message}`));
    });
    worker.on('error', (e) => reject(new Error(`prepare worker failed: ${e.stack ?? e}`)));
    worker.on('exit', (code) => reject(new Error(`prepare worker exited (${code}) without a result`)));
  });
}

/** A served worker (src-main/core/workers/serve-worker.ts): numbered calls, results or errors. */
function served(bundle) {
  const worker = start(bundle);
  const pending = new Map();
  let next = 1;
  const failAll = (why) => {
    for (const p of pending.values()) p.reject(new Error(`${bundle}: ${why}`));
    pending.clear();
  };
  worker.on('message', (m) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.value);
    else p.reject(new Error(`${bundle}: ${JSON.stringify(m.error)}`));
  });
  worker.on('error', (e) => failAll(`failed: ${e.stack ?? e}`));
  worker.on('exit', (code) => failAll(`exited (${code})`));
  return {
    call: (op, input) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'call', id, op, input });
      }),
    close: () => worker.terminate(),
  };
}

/** The file worker: a file's head, and a standard schema's tree (the XDM library found from the worker). */
async function files() {
  const files = served('file-worker.mjs');
  try {
    return await Promise.all([files.call('inspect', config.inspect), files.call('schemaTree', config.schemaTree)]);
  } finally {
    await files.close();
  }
}

/**
 * The stream worker (src-main/core/jobs/stream/stream-worker.ts): the job-worker protocol, its
 * tokens answered here as its owner would (it holds no secret), one record streamed.
 */
function stream(target, token, options) {
  return new Promise((resolve, reject) => {
    const worker = start('stream-worker.mjs', { workerData: { target, options } });
    let tokensAsked = 0;
    worker.on('message', (m) => {
      if (m.type === 'token') {
        tokensAsked += 1;
        worker.postMessage({ type: 'token', id: m.id, token });
      } else if (m.type === 'done') resolve({ ...m.result, tokensAsked });
      else if (m.type === 'error') reject(new Error(`stream: ${m.error.code}: ${m.error.message}`));
    });
    worker.on('error', (e) => reject(new Error(`stream worker failed: ${e.stack ?? e}`)));
    worker.on('exit', (code) => reject(new Error(`stream worker exited (${code}) without a result`)));
  });
}

/** The Local sandbox's server worker, and through it the processing worker: one batch to `success`; then one record streamed. */
async function sandbox() {
  const server = served('sandbox-server.mjs');
  try {
    const { url, credentials: c } = await server.call('start', { dataDir: config.sandbox.dataDir, port: 0, assetsDir: config.sandbox.assetsDir });
    const json = async (response) => {
      if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };
    const ims = await json(
      await fetch(`${url}/ims/token/v3`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid' }),
      }),
    );
    const headers = { authorization: `Bearer ${ims.access_token}`, 'x-api-key': c.clientId, 'x-gw-ims-org-id': c.orgId, 'x-sandbox-name': c.sandboxName };
    const datasets = await json(await fetch(`${url}/data/foundation/catalog/dataSets?name=XDM%20Loader%20Customers`, { headers }));
    const datasetId = Object.keys(datasets)[0];
    const batch = await json(
      await fetch(`${url}/data/foundation/import/batches`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ datasetId, inputFormat: { format: 'json' } }),
      }),
    );
    await fetch(`${url}/data/foundation/import/batches/${batch.id}/datasets/${datasetId}/files/a.json`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: '{"_id":"p1","personalEmail":{"address":"packaged@example.com"}}\n',
    });
    await fetch(`${url}/data/foundation/import/batches/${batch.id}?action=COMPLETE`, { method: 'POST', headers });
    let status;
    for (let i = 0; i < 300; i++) {
      status = (await json(await fetch(`${url}/data/foundation/catalog/batches/${batch.id}`, { headers })))[batch.id];
      if (status.status === 'success' || status.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const target = {
      connectionId: 'packaged',
      connectionName: 'Packaged',
      imsUrl: url,
      clientId: c.clientId,
      scopes: ['openid'],
      platformUrl: url,
      streamingUrl: url,
      orgId: c.orgId,
      sandboxName: c.sandboxName,
    };
    const streamed = await stream(target, ims.access_token, {
      input: config.stream.input,
      datasetId,
      inletId: 'packaged',
      validation: 'sync',
      maxRecords: 10,
      requestsPerMinute: 0,
    });
    await server.call('stop', {});
    return { status: status.status, metrics: status.metrics, errors: status.errors, streamed };
  } finally {
    await server.close();
  }
}

const [prepared, [inspected, tree], processed] = await Promise.all([prepare(), files(), sandbox()]);
console.log(JSON.stringify({ prepared, inspected, tree, processed }));
