#!/usr/bin/env node
// Writes the sample files in assets/samples/ from a seeded generator, so they are the same on
// every run and every machine: customers (CSV, TSV, JSON Lines, JSON, Parquet) and events (CSV).
// Usage: node scripts/make-samples.mjs [output-dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { parquetWriteFile, schemaFromColumnData } from 'hyparquet-writer';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'assets/samples'));

const CUSTOMER_COUNT = 300;
const SMALL_COUNT = 20;
const EVENT_COUNT = 200;

/** mulberry32: a small seeded PRNG, good enough for sample data and stable across Node versions. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240611);
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pad = (value, width) => String(value).padStart(width, '0');

const firstNames = [
  'José',
  'Zoë',
  'Łukasz',
  'Anaïs',
  'Björn',
  'Chloé',
  'Søren',
  'Małgorzata',
  'Renée',
  'Jürgen',
  'Noémie',
  'François',
  'Inês',
  'Ådne',
  'Ştefan',
  'Amélie',
  'Mia',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Lucas',
  'Sofia',
  'Mateo',
  'Yuki',
  'Priya',
  'Aoife',
  'Siobhán',
];
const lastNames = [
  'Müller',
  'García',
  'Nowak',
  'Dubois',
  'Øster',
  'Šimić',
  'Kowalczyk',
  'Fernández',
  'Lefèvre',
  'Żak',
  "O'Brien",
  'Smith',
  'Johnson',
  'Rossi',
  'Łęcki',
  'Gonçalves',
  'Håkansson',
  'Schröder',
  'Núñez',
  'Tanaka',
  'Patel',
  'Nguyễn',
  'Brown',
  'Martin',
];
const places = [
  { city: 'Paris', country: 'FR', dial: '+33', streets: ['Rue de la Paix', 'Boulevard Haussmann', "Avenue de l'Opéra"] },
  { city: 'München', country: 'DE', dial: '+49', streets: ['Maximilianstraße', 'Leopoldstraße', 'Sendlinger Straße'] },
  { city: 'Kraków', country: 'PL', dial: '+48', streets: ['ulica Floriańska', 'ulica Grodzka', 'Rynek Główny'] },
  { city: 'São Paulo', country: 'BR', dial: '+55', streets: ['Avenida Paulista', 'Rua Augusta', 'Rua Oscar Freire'] },
  { city: 'San José', country: 'US', dial: '+1', streets: ['Market Street', 'Santa Clara Street', 'Park Avenue'] },
  { city: 'New York', country: 'US', dial: '+1', streets: ['Broadway', '5th Avenue', 'Lexington Avenue'] },
  { city: 'Zürich', country: 'CH', dial: '+41', streets: ['Bahnhofstrasse', 'Langstrasse', 'Seefeldstrasse'] },
  { city: 'København', country: 'DK', dial: '+45', streets: ['Strøget', 'Nørrebrogade', 'Østerbrogade'] },
];
const notes = [
  '',
  '',
  'Prefers "express" delivery',
  'Called about order #{n}; said "thanks, all good"',
  'VIP, do not call before 10:00',
  'Asked to be known as "{first}"',
  'Returned 2 items, refund issued',
  'Gift wrap, always',
];

const ascii = (text) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/[åÅ]/g, 'a')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
const day = 86_400_000;

function customer(index) {
  const first = pick(firstNames);
  const last = pick(lastNames);
  const place = pick(places);
  const birth = new Date(Date.UTC(1950, 0, 1) + int(0, 52 * 365) * day);
  const lastPurchase = new Date(Date.UTC(2023, 0, 1) + int(0, (540 * day) / 1000) * 1000);
  const number = place.dial === '+1' ? `${int(201, 989)}555${pad(int(0, 9999), 4)}` : `${int(1, 9)}${pad(int(0, 99_999_999), 8)}`;
  const note = pick(notes)
    .replace('{n}', String(int(10_000, 99_999)))
    .replace('{first}', first);
  return {
    customer_id: `C${pad(index + 1, 6)}`,
    first_name: first,
    last_name: last,
    email: `${ascii(first)}.${ascii(last)}${index + 1}@example.com`,
    phone: random() < 0.08 ? '' : `${place.dial}${number}`,
    birth_date: birth.toISOString().slice(0, 10),
    loyalty_points: int(0, 25_000),
    lifetime_value: Math.round(random() * 500_000) / 100,
    opted_in: random() < 0.6,
    last_purchase_at: lastPurchase.toISOString().replace('.000Z', 'Z'),
    address_street: `${int(1, 240)} ${pick(place.streets)}, ${random() < 0.5 ? `Apt ${int(1, 40)}` : `Floor ${int(1, 9)}`}`,
    city: place.city,
    postal_code: pad(int(1000, 99_999), 5),
    country_code: place.country,
    notes: note,
  };
}

const customers = Array.from({ length: CUSTOMER_COUNT }, (_, index) => customer(index));
const columns = Object.keys(customers[0]);

function write(name, content) {
  const file = path.join(outDir, name);
  writeFileSync(file, content);
  console.log(`wrote ${path.relative(root, file)} (${Buffer.byteLength(content)} bytes)`);
}

mkdirSync(outDir, { recursive: true });
write('customers.csv', Papa.unparse(customers, { columns, newline: '\n' }) + '\n');
write('customers.tsv', Papa.unparse(customers.slice(0, SMALL_COUNT), { columns, delimiter: '\t', newline: '\n' }) + '\n');
write(
  'customers.jsonl',
  customers
    .slice(0, SMALL_COUNT)
    .map((row) => JSON.stringify(row))
    .join('\n') + '\n',
);

// The JSON sample nests the address and adds a list, to show object and array columns.
const nested = customers.slice(0, SMALL_COUNT).map(({ address_street, city, postal_code, country_code, ...rest }, index) => ({
  ...rest,
  address: { street: address_street, city, postal_code, country_code },
  interests: ['running', 'cooking', 'travel', 'music', 'design'].filter((_, position) => (index + position) % 3 === 0),
}));
write('customers.json', JSON.stringify(nested, null, 2) + '\n');

// Parquet: typed columns (DATE, TIMESTAMP, INT32, DOUBLE, BOOLEAN), three row groups of 100.
const optionalText = (value) => (value === '' ? null : value);
const text = (name, data, nullable = false) => ({ name, data, type: 'STRING', nullable });
const parquetFile = path.join(outDir, 'customers.parquet');
const parquetColumns = [
  text(
    'customer_id',
    customers.map((row) => row.customer_id),
  ),
  text(
    'first_name',
    customers.map((row) => row.first_name),
  ),
  text(
    'last_name',
    customers.map((row) => row.last_name),
  ),
  text(
    'email',
    customers.map((row) => row.email),
  ),
  text(
    'phone',
    customers.map((row) => optionalText(row.phone)),
    true,
  ),
  { name: 'birth_date', data: customers.map((row) => new Date(`${row.birth_date}T00:00:00Z`)) },
  { name: 'loyalty_points', data: Int32Array.from(customers.map((row) => row.loyalty_points)), type: 'INT32', nullable: false },
  { name: 'lifetime_value', data: Float64Array.from(customers.map((row) => row.lifetime_value)), type: 'DOUBLE', nullable: false },
  { name: 'opted_in', data: customers.map((row) => row.opted_in), type: 'BOOLEAN', nullable: false },
  { name: 'last_purchase_at', data: customers.map((row) => new Date(row.last_purchase_at)), type: 'TIMESTAMP', nullable: false },
  text(
    'address_street',
    customers.map((row) => row.address_street),
  ),
  text(
    'city',
    customers.map((row) => row.city),
  ),
  text(
    'postal_code',
    customers.map((row) => row.postal_code),
  ),
  text(
    'country_code',
    customers.map((row) => row.country_code),
  ),
  text(
    'notes',
    customers.map((row) => optionalText(row.notes)),
    true,
  ),
];
// BasicType has no DATE, so birth_date gets its schema element explicitly.
const schema = schemaFromColumnData({
  columnData: parquetColumns,
  schemaOverrides: { birth_date: { name: 'birth_date', type: 'INT32', converted_type: 'DATE', repetition_type: 'REQUIRED' } },
});
parquetWriteFile({ filename: parquetFile, schema, rowGroupSize: 100, columnData: parquetColumns.map(({ name, data }) => ({ name, data })) });
console.log(`wrote ${path.relative(root, parquetFile)}`);

// ExperienceEvent-like events for the same customers.
const eventTypes = ['web.webpagedetails.pageViews', 'commerce.productViews', 'commerce.productListAdds', 'commerce.purchases'];
const skus = ['SKU-1001-BLK', 'SKU-1002-WHT', 'SKU-2040-RED', 'SKU-3300-XL', 'SKU-4511-S', 'SKU-5090-OS'];
const hex = (length) => Array.from({ length }, () => int(0, 15).toString(16)).join('');
const events = Array.from({ length: EVENT_COUNT }, (_, index) => {
  const who = customers[int(0, CUSTOMER_COUNT - 1)];
  const type = eventTypes[index % 7 === 0 ? 3 : int(0, 2)];
  const at = new Date(Date.UTC(2024, 4, 1) + index * 3_600_000 + int(0, 3_599) * 1000);
  const sku = type === 'web.webpagedetails.pageViews' ? '' : pick(skus);
  return {
    event_id: `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`,
    email: who.email,
    timestamp: at.toISOString().replace('.000Z', 'Z'),
    event_type: type,
    product_sku: sku,
    price: sku === '' ? '' : (int(499, 24_999) / 100).toFixed(2),
  };
});
write('events.csv', Papa.unparse(events, { newline: '\n' }) + '\n');
