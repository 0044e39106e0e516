#!/usr/bin/env node
// Benchmarks (not tests): `npm run bench` runs them all, `npm run bench -- inspect` only the
// ones named. Each benchmark is a module in scripts/bench/ exporting `name`, `description` and
// `run(context)`; it gets a fresh temp folder and an `importSource` that loads TypeScript from
// src-main through tsx, and returns figures that are printed and saved to bench-results/.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const benchDir = path.join(root, 'scripts', 'bench');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const wanted = args.filter((arg) => !arg.startsWith('--'));

register();
const importSource = (relative) => import(pathToFileURL(path.join(root, relative)).href);

const modules = [];
for (const file of readdirSync(benchDir)
  .filter((name) => name.endsWith('.mjs'))
  .sort()) {
  modules.push(await import(pathToFileURL(path.join(benchDir, file)).href));
}
const unknown = wanted.filter((name) => !modules.some((module) => module.name === name));
if (unknown.length > 0) {
  console.error(`bench: unknown benchmark(s) ${unknown.join(', ')}; available: ${modules.map((module) => module.name).join(', ')}`);
  process.exit(2);
}

const selected = modules.filter((module) => wanted.length === 0 || wanted.includes(module.name));
const resultsDir = path.join(root, 'bench-results');
mkdirSync(resultsDir, { recursive: true });
for (const bench of selected) {
  const dir = mkdtempSync(path.join(tmpdir(), `xdm-bench-${bench.name}-`));
  console.log(`\n== ${bench.name}: ${bench.description}`);
  try {
    const figures = await bench.run({ dir, importSource, log: (line) => console.log(`   ${line}`) });
    for (const [label, value] of Object.entries(figures)) console.log(`   ${label.padEnd(36)} ${value}`);
    writeFileSync(
      path.join(resultsDir, `${bench.name}.json`),
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`,
    );
  } finally {
    if (keep) console.log(`   (kept ${dir})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
