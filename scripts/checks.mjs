// Runs the static checks of `npm test` side by side: `npm run typecheck` (TypeScript 7's tsc -b),
// `lint:types` (oxlint's type-aware rules), `lint:eslint` (ESLint: layer rules, React hooks),
// `lint:unused` (knip) and `format:check` (the code stays as Prettier writes it: `npm run format`
// mends it).
//
//   node scripts/checks.mjs
//
// Why side by side: ESLint, knip and Prettier are single-threaded, and tsc -b and oxlint leave a
// core idle part of the time; one after another they kept a core idle. Each check's output is
// printed whole when it ends, so they do not interleave; the exit status is 1 when any of them
// failed. CPU seconds on the 2-core machine, cold (no .tsbuild/, no .cache/) and warm: tsc 20 and
// 0.3, oxlint 12 and 14 (it keeps no cache), ESLint 39 and 2.4, knip 5 and 6, Prettier 30 and 4;
// 106 and 26 in all, against 186 cold with TypeScript 5 and ESLint's type-aware rules.
import { spawn } from 'node:child_process';

const scripts = ['typecheck', 'lint:types', 'lint:eslint', 'lint:unused', 'format:check'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** @param {string} script @returns {Promise<boolean>} whether it passed */
function run(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const passed = code === 0;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${passed ? 'ok' : 'FAILED'} npm run ${script} (${seconds} s)\n${Buffer.concat(output).toString('utf8')}`);
      resolve(passed);
    });
  });
}

const results = await Promise.all(scripts.map(run));
process.exitCode = results.every(Boolean) ? 0 : 1;
