// Benchmark: inspecting a 1 GB customer CSV against a 5 KB one. Inspection reads only the head,
// so both should take about the same time; the figures show it.
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const name = 'inspect';
export const description = 'inspectFile on a generated 1 GB CSV vs a 5 KB CSV';

const BIG_BYTES = 1024 ** 3;
const SMALL_BYTES = 5 * 1024;
const RUNS = 5;

const firstNames = ['José', 'Zoë', 'Łukasz', 'Anaïs', 'Björn', 'Chloé', 'Søren', 'Renée', 'Jürgen', 'Mia', 'Liam', 'Olivia'];
const lastNames = ['Müller', 'García', 'Nowak', 'Dubois', 'Øster', 'Lefèvre', "O'Brien", 'Smith', 'Rossi', 'Schröder'];
const cities = ['Paris', 'München', 'Kraków', 'São Paulo', 'New York', 'Zürich'];

function row(index) {
  const first = firstNames[index % firstNames.length];
  const last = lastNames[(index * 7) % lastNames.length];
  const month = String((index % 12) + 1).padStart(2, '0');
  const day = String((index % 28) + 1).padStart(2, '0');
  return (
    `C${String(index + 1).padStart(9, '0')},${first},${last},customer${index}@example.com,+1415555${String(index % 10_000).padStart(4, '0')},` +
    `19${50 + (index % 50)}-${month}-${day},${(index * 37) % 25_000},${((index * 7919) % 500_000) / 100},${index % 3 === 0},` +
    `2024-${month}-${day}T${String(index % 24).padStart(2, '0')}:15:00Z,"${(index % 240) + 1} Main Street, Apt ${index % 40}",${cities[index % cities.length]},` +
    `"Said ""hello"" on call ${index}"\n`
  );
}

const header = 'customer_id,first_name,last_name,email,phone,birth_date,loyalty_points,lifetime_value,opted_in,last_purchase_at,address,city,notes\n';

/** Streams rows to `file` until it holds at least `bytes`, honouring backpressure. */
async function writeCsv(file, bytes) {
  const out = createWriteStream(file);
  out.write(header);
  let written = Buffer.byteLength(header);
  let index = 0;
  while (written < bytes) {
    const lines = [];
    let batchBytes = 0;
    while (batchBytes < 1024 * 1024 && written + batchBytes < bytes) {
      const line = row(index++);
      lines.push(line);
      batchBytes += Buffer.byteLength(line);
    }
    written += batchBytes;
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return index;
}

async function time(inspectFile, file) {
  const times = [];
  let inspection;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    inspection = await inspectFile(file);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)], first: times[0], inspection };
}

export async function run({ dir, importSource, log }) {
  const { inspectFile } = await importSource('src-main/core/sources/index.ts');
  const big = path.join(dir, 'customers-1gb.csv');
  const small = path.join(dir, 'customers-5kb.csv');
  log('generating 1 GB CSV...');
  const started = performance.now();
  const bigRows = await writeCsv(big, BIG_BYTES);
  log(`generated ${bigRows.toLocaleString('en-US')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await writeCsv(small, SMALL_BYTES);

  const bigRun = await time(inspectFile, big);
  const smallRun = await time(inspectFile, small);
  const ms = (value) => `${value.toFixed(1)} ms`;
  return {
    '1 GB file size (bytes)': statSync(big).size,
    '1 GB inspect, median of 5': ms(bigRun.median),
    '1 GB inspect, fastest': ms(bigRun.first),
    '1 GB bytes read': bigRun.inspection.bytesRead,
    '1 GB columns / preview rows': `${bigRun.inspection.columns.length} / ${bigRun.inspection.rows.length}`,
    '5 KB file size (bytes)': statSync(small).size,
    '5 KB inspect, median of 5': ms(smallRun.median),
    '5 KB bytes read': smallRun.inspection.bytesRead,
  };
}
