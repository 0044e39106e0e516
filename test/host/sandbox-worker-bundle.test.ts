import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { nodeEntries } from '../../scripts/build-config.mjs';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The embedded Local sandbox as the build lays it out: the main side bundled in `dist/cli/`, the
 * sandbox's HTTP server in `dist/workers/sandbox-server.mjs`, and its batch processing in
 * `dist/workers/sandbox-processing.mjs`, which the server's worker must find from inside a worker.
 * A batch goes through to `success`, and the process exits by itself after close().
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const entries = {
  server: ['src-main/host/sandbox-worker.ts', 'dist/workers/sandbox-server.mjs'],
  processing: ['src-main/core/sandbox/processing/processing-worker.ts', 'dist/workers/sandbox-processing.mjs'],
  files: ['src-main/core/workers/file-worker.ts', 'dist/workers/file-worker.mjs'],
} as const;

describe('the bundled embedded Local sandbox', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-sandbox-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the build bundles every worker to dist/workers', () => {
    for (const [source, out] of Object.values(entries)) expect(nodeEntries).toContainEqual([source, out, 'esm']);
  });

  it('serves from its worker, processes a batch in the nested processing worker, and lets the process exit after close()', async () => {
    const banner = { js: "import { createRequire as __xdmCreateRequire } from 'node:module'; const require = __xdmCreateRequire(import.meta.url);" };
    const common = {
      absWorkingDir: repoRoot,
      bundle: true,
      platform: 'node' as const,
      target: 'node20',
      format: 'esm' as const,
      packages: 'external' as const,
      banner,
      logLevel: 'warning' as const,
    };
    await Promise.all([
      build({ ...common, entryPoints: ['src-main/host/embedded-sandbox.ts'], outfile: path.join(dir, 'dist/cli/embedded.mjs') }),
      build({ ...common, entryPoints: [entries.server[0]], outfile: path.join(dir, entries.server[1]) }),
      build({ ...common, entryPoints: [entries.processing[0]], outfile: path.join(dir, entries.processing[1]) }),
    ]);
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const script = path.join(dir, 'dist/cli/run.mjs');
    writeFileSync(
      script,
      `import { createEmbeddedSandbox } from './embedded.mjs';
const sandbox = createEmbeddedSandbox({ dataDir: () => process.argv[2] });
const { url, credentials: c } = await sandbox.endpoint();
const servers = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
const token = (await (await fetch(url + '/ims/token/v3', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid' }) })).json()).access_token;
const headers = { authorization: 'Bearer ' + token, 'x-api-key': c.clientId, 'x-gw-ims-org-id': c.orgId, 'x-sandbox-name': c.sandboxName };
const ds = Object.keys(await (await fetch(url + '/data/foundation/catalog/dataSets?name=XDM%20Loader%20Customers', { headers })).json())[0];
const b = await (await fetch(url + '/data/foundation/import/batches', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ datasetId: ds, inputFormat: { format: 'json' } }) })).json();
await fetch(url + '/data/foundation/import/batches/' + b.id + '/datasets/' + ds + '/files/a.json', { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: '{"_id":"b1","personalEmail":{"address":"bundled@example.com"}}\\n' });
await fetch(url + '/data/foundation/import/batches/' + b.id + '?action=COMPLETE', { method: 'POST', headers });
let batch;
for (let i = 0; i < 300; i++) {
  batch = (await (await fetch(url + '/data/foundation/catalog/batches/' + b.id, { headers })).json())[b.id];
  if (batch.status === 'success' || batch.status === 'failed') break;
  await new Promise((r) => setTimeout(r, 100));
}
await sandbox.close();
console.log(JSON.stringify({ status: batch.status, metrics: batch.metrics, errors: batch.errors, servers }));
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script, path.join(dir, 'data')], {
      cwd: dir,
      timeout: 60_000,
      env: { ...process.env, XDM_LOADER_SANDBOX_ASSETS: path.join(repoRoot, 'assets', 'xdm') },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { status: string; metrics: Record<string, number>; servers: number };
    expect(result).toMatchObject({ status: 'success', metrics: { outputRecordCount: 1 } });
    // The main thread of that process listened on nothing: the server ran in the worker.
    expect(result.servers).toBe(0);
  }, 90_000);
});
