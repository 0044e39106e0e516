import { defineConfig } from '@playwright/test';

/**
 * Playwright config for the Electron specs (test/electron): the real app, built, in a real
 * Electron. Where no Electron binary is installed the specs skip themselves and nothing is built.
 */
export default defineConfig({
  testDir: './test/electron',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/electron/global-setup.ts',
  outputDir: './test-results/electron',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
