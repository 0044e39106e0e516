/**
 * Finding the processing worker: from source (tsx bootstrap), beside each bundle of `dist/`, in an
 * Electron `app.asar.unpacked`, and a clear error when the build did not produce it. The last test
 * bundles the sandbox and its worker with esbuild exactly as scripts/build.mjs does and processes a
 * batch from the bundle, so the build line handed to the lead is proven, not assumed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveProcessingWorker, sourceBootstrap } from '../../src-main/core/sandbox/processing/worker-entry';
import { repoRoot } from './contract';

const root = path.join(path.sep, 'opt', 'xdm');

describe('resolveProcessingWorker', () => {
  it('from TypeScript source: the worker beside the module, loaded through a tsx bootstrap', () => {
    const moduleUrl = pathToFileURL(path.join(repoRoot, 'src-main/core/sandbox/processing/batch-queue.ts')).href;
    const entry = resolveProcessingWorker(moduleUrl, () => false);
    expect(entry.kind).toBe('source');
    expect(entry.url.href).toBe(pathToFileURL(path.join(repoRoot, 'src-main/core/sandbox/processing/processing-worker.ts')).href);
    if (entry.kind !== 'source') throw new Error('unreachable');
    expect(entry.bootstrap).toContain(JSON.stringify(entry.url.href));
    expect(entry.bootstrap).toMatch(/node_modules\/tsx\/dist\/esm\/api\/index\.mjs/);
  });

  it.each(['cli/xdm-loader.mjs', 'web/serve.mjs', 'main/main.mjs'])('bundled as dist/%s: dist/workers/sandbox-processing.mjs', (bundle) => {
    const expected = path.join(root, 'dist', 'workers', 'sandbox-processing.mjs');
    const entry = resolveProcessingWorker(pathToFileURL(path.join(root, 'dist', bundle)).href, (f) => f === expected);
    expect(entry).toEqual({ kind: 'bundle', url: pathToFileURL(expected) });
  });

  it('prefers app.asar.unpacked inside a packaged app, and falls back to app.asar', () => {
    const packed = path.join(root, 'resources', 'app.asar', 'dist', 'main', 'main.mjs');
    const unpacked = path.join(root, 'resources', 'app.asar.unpacked', 'dist', 'workers', 'sandbox-processing.mjs');
    const inAsar = path.join(root, 'resources', 'app.asar', 'dist', 'workers', 'sandbox-processing.mjs');
    expect(resolveProcessingWorker(pathToFileURL(packed).href, (f) => f === unpacked || f === inAsar).url).toEqual(pathToFileURL(unpacked));
    expect(resolveProcessingWorker(pathToFileURL(packed).href, (f) => f === inAsar).url).toEqual(pathToFileURL(inAsar));
  });

  it('names the places it looked when the worker was not built', () => {
    const bundle = pathToFileURL(path.join(root, 'dist', 'cli', 'xdm-loader.mjs')).href;
    expect(() => resolveProcessingWorker(bundle, () => false)).toThrow(/sandbox-processing\.mjs was not found.*dist\/workers\/sandbox-processing\.mjs/);
  });

  it('bootstraps with JSON-quoted URLs', () => {
    const code = sourceBootstrap('file:///a/tsx.mjs', new URL('file:///b/it"s.ts'));
    expect(code).toContain('import("file:///a/tsx.mjs")');
    expect(code).toContain('import("file:///b/it%22s.ts")');
  });
});

describe('the bundled sandbox', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The child must also exit by itself after close(): execFile only resolves once it has, so a
  // worker thread left running fails the test by its timeout.
  it('processes a batch with the worker bundled beside dist/cli, as scripts/build.mjs lays it out, and exits after close()', async () => {
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
      build({ ...common, entryPoints: ['src-main/core/sandbox/index.ts'], outfile: path.join(dir, 'dist/cli/sandbox.mjs') }),
      build({
        ...common,
        entryPoints: ['src-main/core/sandbox/processing/processing-worker.ts'],
        outfile: path.join(dir, 'dist/workers/sandbox-processing.mjs'),
      }),
    ]);
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const script = path.join(dir, 'dist/cli/run.mjs');
    writeFileSync(
      script,
      `import { startSandbox } from './sandbox.mjs';
const s = await startSandbox({ dataDir: process.argv[2], assetsDir: process.argv[3] });
const c = s.credentials;
const token = (await (await fetch(s.url + '/ims/token/v3', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid' }) })).json()).access_token;
const headers = { authorization: 'Bearer ' + token, 'x-api-key': c.clientId, 'x-gw-ims-org-id': c.orgId, 'x-sandbox-name': 'prod' };
const ds = Object.keys(await (await fetch(s.url + '/data/foundation/catalog/dataSets?name=XDM%20Loader%20Customers', { headers })).json())[0];
const b = await (await fetch(s.url + '/data/foundation/import/batches', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ datasetId: ds, inputFormat: { format: 'json' } }) })).json();
await fetch(s.url + '/data/foundation/import/batches/' + b.id + '/datasets/' + ds + '/files/a.json', { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: '{"_id":"b1","personalEmail":{"address":"bundled@example.com"}}\\n' });
await fetch(s.url + '/data/foundation/import/batches/' + b.id + '?action=COMPLETE', { method: 'POST', headers });
await s.idle();
const batch = (await (await fetch(s.url + '/data/foundation/catalog/batches/' + b.id, { headers })).json())[b.id];
await s.close();
console.log(JSON.stringify({ status: batch.status, metrics: batch.metrics, errors: batch.errors }));
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script, path.join(dir, 'data'), path.join(repoRoot, 'assets/xdm')], {
      cwd: dir,
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { status: string; metrics: Record<string, number> };
    expect(result.status).toBe('success');
    expect(result.metrics.outputRecordCount).toBe(1);
  }, 90_000);
});
