// Benchmark: the prepare job on a generated 1 GB customer CSV, against papaparse parsing alone.
// Targets (issue "Offline preparation"): full prepare (read, map, validate, write JSON Lines) at
// least 50% of parse-only throughput, and peak RSS under 400 MB whatever the file size.
// XDM_BENCH_BYTES overrides the size for a quick run.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';

export const name = 'prepare';
export const description = 'prepare in its worker thread (read → map → validate → JSON Lines) vs papaparse parse-only on a generated 1 GB customer CSV';

const BYTES = Number(process.env.XDM_BENCH_BYTES ?? 1024 ** 3);

const firstNames = ['José', 'Zoë', 'Łukasz', 'Anaïs', 'Björn', 'Chloé', 'Søren', 'Renée', 'Jürgen', 'Mia', 'Liam', 'Olivia'];
const lastNames = ['Müller', 'García', 'Nowak', 'Dubois', 'Øster', 'Lefèvre', "O'Brien", 'Smith', 'Rossi', 'Schröder'];
const cities = ['Paris', 'München', 'Kraków', 'São Paulo', 'New York', 'Zürich'];
const header = 'customer_id,first_name,last_name,email,phone,birth_date,loyalty_points,lifetime_value,opted_in,last_purchase_at,city,street,postal_code,country,notes\n';

/** One customer row; about one in 50 has a bad birth date so the rejects path is exercised. */
function row(i) {
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = String((i % 28) + 1).padStart(2, '0');
  const birth = i % 50 === 7 ? '31/02/1990' : `19${50 + (i % 50)}-${month}-${day}`;
  return `C${String(i + 1).padStart(9, '0')},${firstNames[i % firstNames.length]},${lastNames[(i * 7) % lastNames.length]},customer${i}@example.com,` +
    `+1415555${String(i % 10_000).padStart(4, '0')},${birth},${(i * 37) % 25_000},${((i * 7919) % 500_000) / 100},${i % 3 === 0 ? 'yes' : 'no'},` +
    `2024-${month}-${day}T${String(i % 24).padStart(2, '0')}:15:00Z,${cities[i % cities.length]},"${(i % 240) + 1} Main Street, Apt ${i % 40}",` +
    `${10_000 + (i % 89_999)},US,"Said ""hello"" on call ${i}"\n`;
}

async function writeCsv(file, bytes) {
  const out = createWriteStream(file);
  out.write(header);
  let written = Buffer.byteLength(header);
  let index = 0;
  while (written < bytes) {
    let batch = '';
    while (batch.length < 1024 * 1024 && written + batch.length < bytes) batch += row(index++);
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return index;
}

const mapping = {
  version: 1,
  rules: [
    { source: { kind: 'column', column: 'customer_id' }, destination: 'personID' },
    { source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' },
    { source: { kind: 'column', column: 'last_name' }, destination: 'person.name.lastName' },
    { source: { kind: 'expression', expression: 'lower(trim(email))' }, destination: 'personalEmail.address' },
    { source: { kind: 'column', column: 'phone' }, destination: 'mobilePhone.number' },
    { source: { kind: 'column', column: 'birth_date' }, destination: 'person.birthDate' },
    { source: { kind: 'column', column: 'loyalty_points' }, destination: 'loyalty.points' },
    { source: { kind: 'column', column: 'city' }, destination: 'homeAddress.city' },
    { source: { kind: 'column', column: 'street' }, destination: 'homeAddress.street1' },
    { source: { kind: 'column', column: 'postal_code' }, destination: 'homeAddress.postalCode' },
    { source: { kind: 'column', column: 'country' }, destination: 'homeAddress.countryCode' },
  ],
  identities: [
    { column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' },
    { column: 'email', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' },
  ],
};

/** papaparse over a read stream, doing nothing with the rows: the floor any reader must pay. */
async function parseOnly(file) {
  let rows = 0;
  await new Promise((resolve, reject) => {
    Papa.parse(createReadStream(file, { encoding: 'utf8' }), { step: () => void rows++, complete: resolve, error: reject });
  });
  return rows;
}

const mb = (bytes) => bytes / (1024 * 1024);

export async function run({ dir, importSource, log }) {
  const { startPrepareWorker } = await importSource('src-main/core/jobs/prepare/start-prepare-worker.ts');
  const { loadSchemaJson, PROFILE_CLASS, standardProfileFieldGroups } = await importSource('src-main/core/xdm/index.ts');
  const schema = loadSchemaJson({ class: PROFILE_CLASS, fieldGroups: [...standardProfileFieldGroups], title: 'Customers' });
  const file = path.join(dir, 'customers.csv');
  log(`generating ${(mb(BYTES)).toFixed(0)} MiB CSV...`);
  let t = performance.now();
  const rows = await writeCsv(file, BYTES);
  const size = statSync(file).size;
  log(`generated ${rows.toLocaleString('en-US')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Prepare first: maxRSS is a lifetime peak, so this is the peak of generation + prepare.
  // It runs as the app runs it: in a worker thread (whose memory is part of this process's RSS).
  let sampledPeak = 0;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 100);
  t = performance.now();
  let lastLog = 0;
  const summary = await startPrepareWorker(
    { inputPath: file, schema: schema.schema, mapping, outDir: path.join(dir, 'out') },
    {
      onProgress: (p) => {
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`  prepare: ${p.rowsRead.toLocaleString('en-US')} rows, ${mb(p.bytesRead).toFixed(0)} MiB, rss ${mb(process.memoryUsage().rss).toFixed(0)} MiB`);
        }
      },
    },
  );
  const prepareSeconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const prepareMaxRss = process.resourceUsage().maxRSS * 1024;

  t = performance.now();
  const parsedRows = await parseOnly(file);
  const parseSeconds = (performance.now() - t) / 1000;

  const parseMBs = mb(size) / parseSeconds;
  const prepareMBs = mb(size) / prepareSeconds;
  return {
    'file size (MiB)': mb(size).toFixed(0),
    'rows': rows,
    'parse-only rows (papaparse)': parsedRows - 1,
    'parse-only MB/s': parseMBs.toFixed(1),
    'parse-only rows/s': Math.round((parsedRows - 1) / parseSeconds),
    'prepare MB/s': prepareMBs.toFixed(1),
    'prepare rows/s': Math.round(summary.rowsRead / prepareSeconds),
    'prepare / parse-only': `${((prepareMBs / parseMBs) * 100).toFixed(0)}% (target ≥ 50%)`,
    'peak RSS, sampled during prepare (MiB)': mb(sampledPeak).toFixed(0),
    'peak RSS, process max after prepare (MiB)': `${mb(prepareMaxRss).toFixed(0)} (target < 400)`,
    'rows read / written / rejected': `${summary.rowsRead} / ${summary.rowsWritten} / ${summary.rowsRejected}`,
    'invariant holds': summary.invariantHolds,
    'parts': summary.parts.length,
  };
}
