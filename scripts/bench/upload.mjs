// Benchmark: `xdm-loader upload` of a 1 GB prepared input into the Local sandbox on loopback, against
// a raw loopback transfer of the same bytes, at concurrency 1 and 4. Target (issue #6): the upload
// moves at least 80% of raw's MB/s.
//
// What "raw" is, and why: the least any HTTP upload of these files to a server on this machine must
// pay, shaped like the sandbox's traffic so that only the product's own overhead is left in the ratio.
//  - Server: a bare node:http server on 127.0.0.1, in a worker thread of this process (the CLI runs
//    the Local sandbox in a worker thread of its process too). No framework, no auth, no database.
//  - The same requests: one streamed PUT per part up to 256 MiB; for a larger part, INITIALIZE, then
//    PATCHes of the same chunk size with the same Content-Range, then COMPLETE. Same concurrency
//    (requests in flight, first come first served over keep-alive sockets, like the upload's pool).
//  - The same storage: the body goes to disk as it arrives; a PUT into a temporary file renamed into
//    place (what the sandbox does); a chunk written at its offset of the final file, which is the
//    least a server that must end up with one file can do (no copy at COMPLETE).
//  - The client streams each file (or chunk range) from disk with fs.createReadStream's defaults.
//  - Not counted: process start, token, batch creation and the sandbox's processing; those have no
//    raw counterpart. The ratio compares the upload's transfer window (batch created → the batch's
//    COMPLETE accepted, from the sandbox's own timestamps) with raw's (first request → last answer).
//    The time from the CLI's start to COMPLETE and to `success` (which includes the sandbox's
//    validation and Profile promotion) are reported beside it. Peak RSS is the CLI process's
//    (VmHWM), which holds both the upload job and the embedded sandbox.
//
// Inputs (generated, deterministic, in the bench's temp folder): `parts`, 4 parts of 256 MiB of
// valid XDM JSON Lines for the seeded "XDM Loader Customers" dataset (single PUTs); `large`, the same
// bytes as one part (chunked large-file upload, 64 MiB chunks).
// Environment: XDM_BENCH_BYTES (total size, default 1 GiB; 100000000 for a quick run),
// XDM_BENCH_RUNS (repetitions, median reported; default 3), XDM_BENCH_CHUNK_MB (default 64, or
// size/16 when that is smaller), XDM_BENCH_SUCCESS (`first`, the default: the bench's first upload
// waits for `success`, the others are stopped once their COMPLETE is accepted, since the sandbox
// processes a 1 GB batch for minutes; `all`; `none`),
// XDM_BENCH_CASES (default `parts,large`), XDM_BENCH_CONCURRENCY (default `1,4`), XDM_BENCH_BUILD
// (a folder written by `scripts/build.mjs node --outdir DIR` with node_modules linked beside it, to
// measure a given build; by default the tree is built into the temp folder, leaving dist/ alone).
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export const name = 'upload';
export const description =
  '`xdm-loader upload` (built CLI, Local sandbox) of 1 GB prepared JSON Lines vs a raw node:http loopback transfer of the same bytes, concurrency 1 and 4';

const RAW_ROLE = 'xdm-bench-raw-server';
const MiB = 1024 * 1024;
const SINGLE_PUT_MAX = 256 * MiB;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------- raw server (worker thread)

/** The raw server: PUT → temp file → rename; INITIALIZE creates the file; PATCH writes at its offset. */
function serveRaw(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.join(dir, path.basename(url.pathname));
    const answer = (status) => {
      res.statusCode = status;
      res.end();
    };
    const fail = (error) => {
      if (!res.headersSent) answer(500);
      console.error(`raw server: ${error.message}`);
    };
    if (req.method === 'PUT') {
      const tmp = `${file}.part`;
      pipeline(req, createWriteStream(tmp)).then(() => {
        renameSync(tmp, file);
        answer(200);
      }, fail);
    } else if (req.method === 'POST') {
      req.resume();
      if (url.searchParams.get('action') === 'INITIALIZE') closeSync(openSync(file, 'w'));
      answer(201);
    } else if (req.method === 'PATCH') {
      const start = Number(/^bytes (\d+)-/.exec(req.headers['content-range'] ?? '')?.[1]);
      pipeline(req, createWriteStream(file, { flags: 'r+', start })).then(() => answer(200), fail);
    } else answer(405);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', (message) => {
    if (message === 'close') server.close(() => parentPort.close());
    server.closeAllConnections();
  });
}

if (!isMainThread && workerData?.role === RAW_ROLE) serveRaw(workerData.dir);

async function startRawServer(dir) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: RAW_ROLE, dir } });
  const [{ port }] = await once(worker, 'message');
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

// ---------------------------------------------------------------- raw client

/** Sends one request with a file range as its streamed body; resolves on a 2xx answer. */
function send(agent, url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error(`${method} ${url}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    if (body) pipeline(createReadStream(body.file, { start: body.start, end: body.end - 1 }), req).catch(reject);
    else req.end();
  });
}

/** The raw transfer of `input` at `concurrency`: the same requests as the upload job sends. */
async function rawTransfer(base, input, concurrency, chunkBytes) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const octets = (start, end) => ({ 'content-type': 'application/octet-stream', 'content-length': String(end - start) });
  const started = performance.now();
  const large = input.parts.filter((p) => p.bytes > SINGLE_PUT_MAX || input.forceChunks);
  await Promise.all(large.map((p) => send(agent, `${base}/${p.name}?action=INITIALIZE`, 'POST', {})));
  const tasks = [];
  for (const p of input.parts) {
    if (!large.includes(p)) {
      tasks.push(() => send(agent, `${base}/${p.name}`, 'PUT', octets(0, p.bytes), { file: p.path, start: 0, end: p.bytes }));
      continue;
    }
    for (let start = 0; start < p.bytes; start += chunkBytes) {
      const end = Math.min(start + chunkBytes, p.bytes);
      tasks.push(() =>
        send(agent, `${base}/${p.name}`, 'PATCH', { ...octets(start, end), 'content-range': `bytes ${start}-${end - 1}` }, { file: p.path, start, end }),
      );
    }
  }
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await Promise.all(large.map((p) => send(agent, `${base}/${p.name}?action=COMPLETE`, 'POST', {})));
  const ms = performance.now() - started;
  agent.destroy();
  return ms;
}

// ---------------------------------------------------------------- input

/** One valid record of the seeded Customers (Profile) schema, as the sandbox-processing bench writes. */
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

/** Writes whole records to `file` up to `bytes` (never above); returns [rows, bytes, next record]. */
async function writePart(file, bytes, first) {
  const out = createWriteStream(file);
  let written = 0;
  let i = first;
  for (;;) {
    let batch = '';
    let batchBytes = 0;
    let line = `${record(i)}\n`;
    let lineBytes = Buffer.byteLength(line);
    while (batchBytes < MiB && written + batchBytes + lineBytes <= bytes) {
      batch += line;
      batchBytes += lineBytes;
      i += 1;
      line = `${record(i)}\n`;
      lineBytes = Buffer.byteLength(line);
    }
    if (batchBytes === 0) break;
    written += batchBytes;
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return [i - first, written, i];
}

function writeSummary(dir, parts) {
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const summary = {
    status: 'completed',
    rowsRead: rows,
    rowsWritten: rows,
    rowsRejected: 0,
    invariantHolds: true,
    format: 'json',
    rejectsFile: 'rejects.csv',
    parts: parts.map((p) => ({ file: p.name, rows: p.rows, bytes: p.bytes })),
  };
  writeFileSync(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

/** `parts`: 4 prepared parts; `large`: their concatenation as one prepared part (the same bytes). Exported for ad-hoc profiling runs. */
export async function prepareInputs(dir, totalBytes) {
  const partsDir = path.join(dir, 'in-parts');
  const largeDir = path.join(dir, 'in-large');
  mkdirSync(partsDir, { recursive: true });
  mkdirSync(largeDir, { recursive: true });
  const parts = [];
  let next = 0;
  for (let p = 0; p < 4; p += 1) {
    const name = `part-${String(p + 1).padStart(5, '0')}.json`;
    const file = path.join(partsDir, name);
    const [rows, bytes, after] = await writePart(file, Math.min(SINGLE_PUT_MAX, Math.floor(totalBytes / 4)), next);
    next = after;
    parts.push({ name, path: file, rows, bytes });
  }
  writeSummary(partsDir, parts);
  const largeName = 'part-00001.json';
  const largeFile = path.join(largeDir, largeName);
  const out = createWriteStream(largeFile);
  for (const p of parts) await pipeline(createReadStream(p.path), out, { end: false });
  out.end();
  await once(out, 'finish');
  const large = [{ name: largeName, path: largeFile, rows: parts.reduce((n, p) => n + p.rows, 0), bytes: statSync(largeFile).size }];
  writeSummary(largeDir, large);
  // On disk (and in the page cache) before timing: neither side pays for the generator's writeback.
  spawnSync('sync');
  return {
    parts: { name: 'parts', dir: partsDir, parts, bytes: parts.reduce((n, p) => n + p.bytes, 0), forceChunks: false },
    large: { name: 'large', dir: largeDir, parts: large, bytes: large[0].bytes, forceChunks: large[0].bytes <= SINGLE_PUT_MAX },
  };
}

// ---------------------------------------------------------------- the upload, as a user runs it

function cli(build, home, args, options = {}) {
  return spawn(process.execPath, [path.join(build, 'cli', 'xdm-loader.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, XDM_LOADER_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
}

async function collect(child) {
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const [code, signal] = await once(child, 'exit');
  return { code, signal, out, err };
}

const vm = (pid, key) => {
  try {
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // The process has exited.
  }
};

/** The batch document as the sandbox stored it (its created / started / completed timestamps). */
async function sandboxBatch(home, batchId) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(home, 'sandbox', 'sandbox.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT body FROM documents WHERE kind = 'batch' AND id = ?").get(batchId);
    return row ? JSON.parse(row.body) : undefined;
  } finally {
    db.close();
  }
}

/**
 * One `xdm-loader upload DIR --dataset ID --concurrency N --json` into a fresh data dir. The journal
 * is watched to see COMPLETE accepted; without `waitSuccess` the CLI is then killed (the batch's
 * processing is not measured, and a fresh data dir per run leaves nothing behind).
 */
async function uploadOnce(build, dir, input, concurrency, chunkBytes, waitSuccess, runIndex) {
  const home = path.join(dir, `home-${input.name}-c${concurrency}-${runIndex}`);
  mkdirSync(home, { recursive: true });
  const listed = await collect(cli(build, home, ['datasets', '--json']));
  if (listed.code !== 0) throw new Error(`xdm-loader datasets failed: ${listed.err}`);
  const dataset = JSON.parse(listed.out).find((d) => d.name === 'XDM Loader Customers');
  if (!dataset) throw new Error('the seeded Customers dataset is missing');
  const args = ['upload', input.dir, '--dataset', dataset.id, '--concurrency', String(concurrency), '--json'];
  if (chunkBytes !== 64 * MiB) args.push('--chunk-size', String(chunkBytes / MiB));
  if (input.forceChunks) args.push('--single-put-max', String(Math.floor(input.bytes / 2 / MiB) || 1));
  spawnSync('sync');

  const spawnedAt = Date.now();
  const child = cli(build, home, args);
  const result = collect(child);
  let completeSeenAt;
  let peakRssBeforeComplete = 0;
  let journal;
  const timer = setInterval(() => {
    if (completeSeenAt !== undefined) return;
    journal ??= (() => {
      const jobs = path.join(home, 'jobs');
      const job = existsSync(jobs) ? readdirSync(jobs)[0] : undefined;
      return job ? path.join(jobs, job, 'journal.jsonl') : undefined;
    })();
    if (journal && existsSync(journal) && readFileSync(journal, 'utf8').includes('"t":"batch-completed"')) {
      completeSeenAt = Date.now();
      peakRssBeforeComplete = vm(child.pid, 'VmHWM');
      if (!waitSuccess) child.kill('SIGKILL');
    }
  }, 10);
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, vm(child.pid, 'VmHWM'))), 100);
  const { code, out, err } = await result;
  const exitedAt = Date.now();
  clearInterval(timer);
  clearInterval(rssTimer);
  if (completeSeenAt === undefined) throw new Error(`xdm-loader upload exited (${code}) before COMPLETE: ${err}`);
  const text = readFileSync(journal, 'utf8');
  const batchId = /"t":"batch-created","run":\d+,"group":0,"batchId":"([^"]+)"/.exec(text)?.[1];
  const batch = await sandboxBatch(home, batchId);
  if (!batch?.started) throw new Error(`batch ${batchId} has no COMPLETE timestamp`);
  let outcome;
  if (waitSuccess) {
    if (code !== 0) throw new Error(`xdm-loader upload exited with ${code}: ${err}`);
    outcome = JSON.parse(out);
  }
  rmSync(home, { recursive: true, force: true });
  return {
    transferMs: batch.started - batch.created,
    toCompleteMs: batch.started - spawnedAt,
    toSuccessMs: waitSuccess ? (batch.completed ?? exitedAt) - spawnedAt : undefined,
    processingMs: waitSuccess && batch.completed ? batch.completed - batch.started : undefined,
    cliExitMs: waitSuccess ? exitedAt - spawnedAt : undefined,
    peakRssBeforeComplete,
    peakRss: Math.max(peakRss, peakRssBeforeComplete),
    outcome,
  };
}

// ---------------------------------------------------------------- the run

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** The share of the machine's CPU that others use, sampled over half a second while this bench is idle. */
async function othersBusy() {
  const snap = () => {
    const [user, nice, system, idle, iowait, irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    return { busy: user + nice + system + irq + softirq, total: user + nice + system + idle + iowait + irq + softirq };
  };
  const a = snap();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const b = snap();
  return (b.busy - a.busy) / Math.max(1, b.total - a.total);
}

export async function run({ dir, log }) {
  const total = Number(process.env.XDM_BENCH_BYTES ?? 1024 ** 3);
  const runs = Number(process.env.XDM_BENCH_RUNS ?? 3);
  const chunkBytes = Math.min(Number(process.env.XDM_BENCH_CHUNK_MB ?? 64) * MiB, Math.max(MiB, Math.floor(total / 16 / MiB) * MiB));
  const successMode = process.env.XDM_BENCH_SUCCESS ?? 'first';
  const caseNames = (process.env.XDM_BENCH_CASES ?? 'parts,large').split(',');
  const concurrencies = (process.env.XDM_BENCH_CONCURRENCY ?? '1,4').split(',').map(Number);

  let build = process.env.XDM_BENCH_BUILD;
  if (build === undefined) {
    log('building the node entries into the temp folder (dist/ is left to others)...');
    build = path.join(dir, 'build');
    const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'node', '--outdir', build], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('build failed');
    // The CLI bundle keeps npm packages external: they resolve from beside it.
    symlinkSync(path.join(root, 'node_modules'), path.join(build, 'node_modules'));
  } else log(`using the build in ${build}`);

  log(`generating ${(total / MiB).toFixed(0)} MiB of XDM JSON Lines...`);
  let t = performance.now();
  const inputs = await prepareInputs(dir, total);
  log(
    `generated ${inputs.parts.parts.reduce((n, p) => n + p.rows, 0).toLocaleString('en-US')} records in ${((performance.now() - t) / 1000).toFixed(1)} s; chunks of ${chunkBytes / MiB} MiB`,
  );

  const rawDir = path.join(dir, 'raw-received');
  const figures = {};
  const noise = [];
  let waitedOnce = false;
  for (const caseName of caseNames) {
    const input = inputs[caseName];
    const shape =
      input.parts.length > 1 || (!input.forceChunks && input.bytes <= SINGLE_PUT_MAX)
        ? `${input.parts.length} PUTs`
        : `1 part, ${Math.ceil(input.bytes / chunkBytes)} chunks`;
    figures[`${caseName}: input`] = `${(input.bytes / 1e6).toFixed(0)} MB as ${shape}`;
    for (const c of concurrencies) {
      const raw = [];
      const up = [];
      for (let r = 0; r < runs; r += 1) {
        // Interleaved, so that other people's load falls on both sides alike.
        rmSync(rawDir, { recursive: true, force: true });
        mkdirSync(rawDir, { recursive: true });
        spawnSync('sync');
        noise.push(await othersBusy());
        const server = await startRawServer(rawDir);
        const rawMs = await rawTransfer(server.url, input, c, chunkBytes);
        await server.close();
        for (const p of input.parts) if (statSync(path.join(rawDir, p.name)).size !== p.bytes) throw new Error(`raw: ${p.name} arrived short`);
        rmSync(rawDir, { recursive: true, force: true });
        raw.push(rawMs);

        const waitSuccess = successMode === 'all' || (successMode === 'first' && !waitedOnce);
        waitedOnce ||= waitSuccess;
        const measured = await uploadOnce(build, dir, input, c, chunkBytes, waitSuccess, r);
        up.push(measured);
        log(
          `${caseName} c=${c} run ${r + 1}: raw ${mbps(input.bytes, rawMs).toFixed(0)} MB/s; upload ${mbps(input.bytes, measured.transferMs).toFixed(0)} MB/s ` +
            `(transfer ${(measured.transferMs / 1000).toFixed(2)} s, CLI start → COMPLETE ${(measured.toCompleteMs / 1000).toFixed(2)} s` +
            `${measured.toSuccessMs !== undefined ? `, → success ${(measured.toSuccessMs / 1000).toFixed(1)} s` : ''}); peak RSS to COMPLETE ${(measured.peakRssBeforeComplete / MiB).toFixed(0)} MiB; others' CPU before ${(noise[noise.length - 1] * 100).toFixed(0)}%`,
        );
        if (measured.outcome && (measured.outcome.status !== 'success' || measured.outcome.recordsWritten !== input.parts.reduce((n, p) => n + p.rows, 0))) {
          throw new Error(`upload ended ${JSON.stringify(measured.outcome)}`);
        }
      }
      const rawMBs = median(raw.map((ms) => mbps(input.bytes, ms)));
      const upMBs = median(up.map((m) => mbps(input.bytes, m.transferMs)));
      const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
      const key = `${caseName} c=${c}`;
      figures[`${key}: raw MB/s (median; range)`] = `${rawMBs.toFixed(0)} (${spread(raw.map((ms) => mbps(input.bytes, ms)))})`;
      figures[`${key}: upload MB/s (median; range)`] = `${upMBs.toFixed(0)} (${spread(up.map((m) => mbps(input.bytes, m.transferMs)))})`;
      figures[`${key}: upload / raw`] = `${((upMBs / rawMBs) * 100).toFixed(0)}% (target ≥ 80%)`;
      figures[`${key}: CLI start → COMPLETE (s)`] = (median(up.map((m) => m.toCompleteMs)) / 1000).toFixed(2);
      const waited = up.filter((m) => m.toSuccessMs !== undefined);
      if (waited.length > 0) {
        figures[`${key}: CLI start → success (s)`] =
          `${(median(waited.map((m) => m.toSuccessMs)) / 1000).toFixed(1)} (processing ${(median(waited.map((m) => m.processingMs)) / 1000).toFixed(1)} s; ${waited.length} run${waited.length > 1 ? 's' : ''})`;
        figures[`${key}: peak RSS to success (MiB)`] = (Math.max(...waited.map((m) => m.peakRss)) / MiB).toFixed(0);
      }
      figures[`${key}: peak RSS to COMPLETE (MiB)`] = (Math.max(...up.map((m) => m.peakRssBeforeComplete)) / MiB).toFixed(0);
    }
  }
  figures['runs per figure'] = runs;
  figures["others' CPU use before each run (median; range)"] =
    `${(median(noise) * 100).toFixed(0)}% (${(Math.min(...noise) * 100).toFixed(0)}–${(Math.max(...noise) * 100).toFixed(0)}%) of ${availableParallelism()} cores`;
  return figures;
}
