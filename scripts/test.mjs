// `npm test`: every check and every test suite, side by side.
//
//   node scripts/test.mjs
//
// What runs: the static checks (`npm run checks`), the unit and integration tests
// (`npm run test:unit`), the browser-mode e2e suite (`npm run test:e2e`: the build, then Playwright
// in Chromium), then the Electron specs (`npm run test:electron`, which skip themselves where no
// Electron binary is installed).
//
// Why side by side: the e2e suite is most of the wall time and leaves the cores idle more than
// half of it (each test waits on a page, a server, a batch), while the checks and the unit tests
// are CPU work that can fill those gaps. The checks run at a lower CPU priority, so the e2e suite,
// which is on the critical path and sensitive to timing, gets the CPU first. The unit tests do
// not: many are whole flows against the Local sandbox with real deadlines (an upload whose
// one-second tokens must still be valid when they reach the server), and at nice 10 beside the
// e2e suite one of them was starved past its token's lifetime; they also became the longest part
// (550 s, against 455 s for the e2e suite). No unit test reads dist/, so the build may replace it
// meanwhile; the Electron specs come after the e2e suite because both use dist/ (the Electron
// specs rebuild it where a binary exists).
//
// Output: the e2e suite prints as it goes; the others print whole when they end (scripts/side-by-side.mjs).
// Every part runs to its end even when another failed; a summary says which failed, and the exit
// status is 1 if any did.
import { npmScript, runPart, summary } from './side-by-side.mjs';

const started = Date.now();
const outcomes = (
  await Promise.all([
    runPart({ ...npmScript('npm run checks', 'checks'), background: true }),
    runPart(npmScript('npm run test:unit', 'test:unit')),
    runPart({ ...npmScript('npm run test:e2e', 'test:e2e'), live: true }).then(async (e2e) => [
      e2e,
      await runPart({ ...npmScript('npm run test:electron', 'test:electron'), live: true }),
    ]),
  ])
).flat();
const { text, passed } = summary(outcomes);
process.stdout.write(`\nnpm test: ${Math.round((Date.now() - started) / 1000)} s\n${text}`);
process.exitCode = passed ? 0 : 1;
