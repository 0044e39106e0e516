import { defineConfig } from '@playwright/test';
import { pageDefaults } from './test/e2e/page-defaults';

/**
 * Playwright for the renderer, in browser mode against the real router (design section 6).
 * Why Debian's Chromium through `executablePath`: no browser download is ever needed (or
 * possible offline); XDM_CHROMIUM points elsewhere when a machine keeps it somewhere else.
 * Why its headless shell (Debian's chromium-headless-shell, the same Chromium version and Blink as
 * the `chromium` package, without the browser's UI layer; what Playwright itself runs for headless
 * Chromium): the full browser in headless mode cost much more CPU for the same tests
 * (prepare.spec.ts, all processes sampled: 62 CPU s with it, 36 with the shell; its renderers 28
 * -> 14 s, the browser process 10.4 -> 2.6 s), and the pages render the same fonts and sizes.
 * The whole suite, 70 tests green each time: 788 CPU s (905 s wall, load 4-14) with the full
 * browser, 607 (571 s wall, load 6-10) with the shell: renderers 381 -> 282 s, browser 92 -> 37,
 * GPU process 72 -> 55; the servers (157 -> 146) are the same work.
 * Two workers: each test has its own server, port and data folder, so two run side by side. On
 * this 2-core machine, quiet, the whole suite took 7.5 and 7.4 min with two, green both times
 * (one worker: 11.4 min, before failed tests' traces lost their screencast). Tried earlier under a load of 20-30 from other work, two-worker runs were not green: a
 * fixture of batches-profiles.spec.ts over the test timeout (it now has its own) and a table read
 * before it loaded (cellOf now waits for the column). `--workers 1` runs one at a time.
 * With each worker starting its next test's server ahead (browser-mode.ts), under a load of 18-33
 * from other work: two workers green in 12.7 min (320 CPU s); three, twice, not green (the Local
 * sandbox's first start past 10 s, that fixture past its 60 s, a focus test; 15.5 min, 399 CPU s).
 * Three or four were not measured on a quiet machine.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  // One retry, only to record the trace above; a test that passes only on its retry is flaky,
  // and a flaky test fails the run all the same, so a retry hides nothing.
  retries: 1,
  failOnFlakyTests: true,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    ...pageDefaults,
    screenshot: 'only-on-failure',
    // A test that fails runs once more, traced: every action with the DOM before and after it,
    // and the sources. Why not trace every first run (retain-on-failure): recording costs each
    // test, passed or not, about a fifth of its CPU (all processes of a spec run, sampled from
    // /proc at load 6-11: ingest.spec.ts 91-92 CPU s traced, 81 without DOM snapshots, 72 not
    // traced; mapping.spec.ts 91, 85, 77), and most of it is the DOM snapshots. Why no screencast
    // in the trace: it cost about 45% more (the compositor encodes a frame per paint). The
    // first, untraced failure keeps its screenshot and its error context (the page's ARIA tree).
    trace: { mode: 'on-first-retry', screenshots: false, snapshots: true, sources: true },
    launchOptions: {
      executablePath: process.env.XDM_CHROMIUM ?? '/usr/bin/chromium-headless-shell',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
