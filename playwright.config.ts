import { defineConfig } from '@playwright/test';

/**
 * Playwright for the renderer, in browser mode against the real router (design section 6).
 * Why Debian's Chromium through `executablePath`: no browser download is ever needed (or
 * possible offline); XDM_CHROMIUM points elsewhere when a machine keeps it somewhere else.
 * One worker: each test starts its own server, and CI machines are small. Two were tried (each
 * test already has its own server, port and data folder, so they may run side by side) on a
 * 2-core machine loaded 20-30 by other work: two full runs took 16.8 and 17.6 min against 29 min
 * for one worker, but neither was green (three `loaded` fixtures of batches-profiles.spec.ts over
 * the 60 s test timeout, then one 10 s expect of events.spec.ts), so one stays the default;
 * `--workers 2` runs two.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    screenshot: 'only-on-failure',
    // A failed test keeps its trace: every action with the DOM before and after it, and the
    // sources. Why no screencast in it: recording one costs every test, passed or not, about
    // 45% of its CPU (Chromium's compositor encodes a frame per paint; measured on the ingest
    // test, 34 s of CPU with it, 19 s without); the DOM snapshots show what the page was, and
    // `screenshot` above keeps the failing moment as an image.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    launchOptions: {
      executablePath: process.env.XDM_CHROMIUM ?? '/usr/bin/chromium',
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
