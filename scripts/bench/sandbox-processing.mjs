// Benchmark: Local sandbox processing throughput on a 1 GB JSON Lines batch (records/s, peak RSS),
// and p99 latency of GET batch while it processes (target < 50 ms). The batch goes to the seeded
// Profile-enabled customers dataset, so the figure includes validation, output and Profile promotion.
// Processing runs in the sandbox's worker thread, inside this process: RSS and CPU seconds cover both
// threads (the server thread only serves the GET batch polls). The input is split into
// XDM_BENCH_FILES files (default 4) uploaded as large files in 256 MB chunks.
// Size: XDM_BENCH_BYTES (bytes) or BENCH_SANDBOX_MB (MB), default 1024 MB.
// `node --cpu-prof --cpu-prof-dir=DIR scripts/bench.mjs sandbox-processing` also profiles the worker thread.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const name = 'sandbox-processing';
export const description = 'Local sandbox: process a 1 GB JSON Lines batch (4 files); MB/s, records/s, CPU s; GET batch p99 while it runs';

const CHUNK = 256 * 1024 * 1024;

function record(i) {
  return JSON.stringify({
    _id: `r${i}`,
    personalEmail: { address: `customer${i}@example.com` },
    person: { name: { firstName: `First${i % 1000}`, lastName: `Last${i % 777}` }, birthDate: `19${50 + (i % 50)}-0${(i % 9) + 1}-1${i % 9}` },
    homeAddress: { city: ['Paris', 'München', 'Kraków'][i % 3], postalCode: String(10000 + (i % 89999)) },
    identityMap: { ECID: [{ id: `ecid-${i}` }] },
    loyalty: { points: i % 25000, tier: 'gold' },
  });
}

async function writeJsonl(file, bytes, first = 0) {
  const out = createWriteStream(file);
  let written = 0;
  let i = first;
  while (written < bytes) {
    let batch = '';
    while (batch.length < 1024 * 1024) batch += `${record(i++)}\n`;
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return i - first;
}

export async function run({ dir, importSource, log }) {
  const { startSandbox } = await importSource('src-main/core/sandbox/index.ts');
  const bytes = process.env.XDM_BENCH_BYTES ? Number(process.env.XDM_BENCH_BYTES) : Number(process.env.BENCH_SANDBOX_MB ?? 1024) * 1024 * 1024;
  const fileCount = Math.max(1, Number(process.env.XDM_BENCH_FILES ?? 4));
  log(`generating ${(bytes / 1024 / 1024).toFixed(0)} MB JSON Lines in ${fileCount} file(s)...`);
  const files = [];
  let records = 0;
  for (let f = 0; f < fileCount; f++) {
    const file = path.join(dir, `batch-${f}.json`);
    records += await writeJsonl(file, Math.ceil(bytes / fileCount), records);
    files.push(file);
  }
  const size = files.reduce((n, file) => n + statSync(file).size, 0);
  const sandbox = await startSandbox({ dataDir: path.join(dir, 'data') });
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const c = sandbox.credentials;
    const tokenRes = await fetch(`${sandbox.url}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid' }),
    });
    const { access_token: token } = await tokenRes.json();
    const headers = { authorization: `Bearer ${token}`, 'x-api-key': c.clientId, 'x-gw-ims-org-id': c.orgId, 'x-sandbox-name': c.sandboxName };
    const datasets = await (await fetch(`${sandbox.url}/data/foundation/catalog/dataSets?name=XDM Loader Customers`, { headers })).json();
    const datasetId = Object.keys(datasets)[0];
    const created = await (
      await fetch(`${sandbox.url}/data/foundation/import/batches`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ datasetId, inputFormat: { format: 'json' } }),
      })
    ).json();
    const batchId = created.id;
    log(`uploading ${fileCount} file(s) (large-file, 256 MB chunks)...`);
    for (const file of files) {
      const fileUrl = `${sandbox.url}/data/foundation/import/batches/${batchId}/datasets/${datasetId}/files/${path.basename(file)}`;
      const fileSize = statSync(file).size;
      await fetch(`${fileUrl}?action=INITIALIZE`, { method: 'POST', headers });
      for (let start = 0; start < fileSize; start += CHUNK) {
        const end = Math.min(fileSize, start + CHUNK) - 1;
        const res = await fetch(fileUrl, {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}` },
          body: createReadStream(file, { start, end }),
          duplex: 'half',
        });
        if (res.status !== 200) throw new Error(`chunk upload failed: ${res.status} ${await res.text()}`);
      }
      await fetch(`${fileUrl}?action=COMPLETE`, { method: 'POST', headers });
    }
    peakRss = process.memoryUsage().rss;
    const rssBefore = peakRss;
    log('processing...');
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await fetch(`${sandbox.url}/data/foundation/import/batches/${batchId}?action=COMPLETE`, { method: 'POST', headers });
    const latencies = [];
    let status = 'processing';
    let batch;
    while (status === 'processing') {
      const t0 = performance.now();
      const res = await fetch(`${sandbox.url}/data/foundation/catalog/batches/${batchId}`, { headers });
      batch = (await res.json())[batchId];
      latencies.push(performance.now() - t0);
      status = batch.status;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    return {
      'input size (bytes)': size,
      records,
      'final status': status,
      'output / failed records': `${batch.metrics?.outputRecordCount} / ${batch.metrics?.failedRecordCount}`,
      'processing time': `${seconds.toFixed(1)} s`,
      'throughput (MB/s)': (size / 1024 / 1024 / seconds).toFixed(1),
      'throughput (records/s)': Math.round(records / seconds),
      'CPU user+system (s, all threads)': `${((cpu.user + cpu.system) / 1e6).toFixed(1)} (user ${(cpu.user / 1e6).toFixed(1)}, system ${(cpu.system / 1e6).toFixed(1)})`,
      'RSS when processing starts (MB)': Math.round(rssBefore / 1024 / 1024),
      'peak RSS during processing (MB)': Math.round(peakRss / 1024 / 1024),
      'GET batch samples': latencies.length,
      'GET batch p50 (ms)': pct(50).toFixed(1),
      'GET batch p99 (ms)': pct(99).toFixed(1),
      'GET batch max (ms)': latencies[latencies.length - 1].toFixed(1),
    };
  } finally {
    clearInterval(rssTimer);
    await sandbox.close();
  }
}
