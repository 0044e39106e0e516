// Runs the static checks of `npm test` side by side: `npm run typecheck` (TypeScript 7's tsc -b),
// `lint:types` (oxlint's type-aware rules), `lint:eslint` (ESLint: layer rules, React hooks),
// `lint:unused` (knip) and `format:check` (the code stays as oxfmt writes it: `npm run format`
// mends it).
//
//   node scripts/checks.mjs
//
// Why side by side: ESLint and knip are single-threaded, and tsc -b and oxlint leave a
// core idle part of the time; one after another they kept a core idle. Each check's output is
// printed whole when it ends (scripts/side-by-side.mjs), so they do not interleave; the exit status is 1 when any of them
// failed. CPU seconds on the 2-core machine, cold (no .tsbuild/, no .cache/) and warm: tsc 20 and
// 0.3, oxlint 12 and 14 (it keeps no cache), ESLint 39 and 2.4, knip 5 and 6, Prettier 30 and 4
// (now oxfmt: 0.5 either way); 106 and 26 in all with Prettier, against 186 cold with TypeScript 5
// and ESLint's type-aware rules.
import { npmScript, runPart, summary } from './side-by-side.mjs';

const scripts = ['typecheck', 'lint:types', 'lint:eslint', 'lint:unused', 'format:check'];
const outcomes = await Promise.all(scripts.map((script) => runPart(npmScript(`npm run ${script}`, script))));
const { text, passed } = summary(outcomes);
process.stdout.write(`\nnpm run checks:\n${text}`);
process.exitCode = passed ? 0 : 1;
