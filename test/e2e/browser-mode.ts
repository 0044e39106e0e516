import { test as base, expect } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pageDefaults } from './page-defaults';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** What `serve.mjs --json` prints once it listens, plus the data dir it was given. */
export interface BrowserModeServer {
  url: string;
  port: number;
  token: string;
  home: string;
  /**
   * The embedded Local sandbox's URL and credentials, from the second JSON line serve.mjs prints
   * once the app has started it (the renderer never sees them). Resolves when that line arrives.
   */
  sandbox(): Promise<EmbeddedSandboxInfo>;
  /**
   * Stops the server and starts it again with the same environment, as a steward restarts the app;
   * resolves with where the new one listens (a new port and token; the same data folder setup).
   */
  restart(): Promise<Pick<BrowserModeServer, 'url' | 'port' | 'token'>>;
}

/**
 * How the test's server finds its data folder: XDM_LOADER_HOME (every spec but one), or the OS
 * default under a temporary XDG_CONFIG_HOME, so a folder chosen on the Settings screen is followed.
 */
export type DataFolderBy = 'XDM_LOADER_HOME' | 'default';

export interface EmbeddedSandboxInfo {
  url: string;
  orgId: string;
  clientId: string;
  clientSecret: string;
  sandboxName: string;
}

/**
 * Node's on-disk cache of compiled code (`NODE_COMPILE_CACHE`), shared by every test's server and
 * its worker threads (and the CLI a spec runs). Why: each test starts a fresh server, which compiled the same bundles
 * (serve.mjs and a worker per job, several MB) from scratch every time; with the cache a start
 * costs about a fifth less CPU. Entries are keyed by each file's content, so a rebuild of dist/
 * is never served stale code; the data folder stays fresh per test.
 */
export const compileCacheDir = path.join(repoRoot, 'test-results', 'node-compile-cache');

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** Reads the server's first JSON line; fails with its stderr if it exits or stays silent. */
function readAnnouncement(child: ChildProcess): Promise<Pick<BrowserModeServer, 'url' | 'port' | 'token'>> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => reject(new Error(`serve.mjs printed nothing in ${START_TIMEOUT_MS} ms. stderr:\n${stderr}`)), START_TIMEOUT_MS);
    if (!child.stdout) throw new Error('serve.mjs was started without a stdout pipe.');
    const lines = createInterface({ input: child.stdout });
    sandboxLine(child, lines);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const parsed = JSON.parse(line) as { url: string; port: number; token: string };
        resolve({ url: parsed.url, port: parsed.port, token: parsed.token });
      } catch {
        reject(new Error(`serve.mjs printed a line that is not JSON: ${line}\nstderr:\n${stderr}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited (code ${code}, signal ${signal}) before listening. stderr:\n${stderr}`));
    });
  });
}

const sandboxInfo = new WeakMap<ChildProcess, Promise<EmbeddedSandboxInfo>>();

/** Remembers the `{"sandbox":...}` line serve.mjs prints when its Local sandbox starts. */
function sandboxLine(child: ChildProcess, lines: ReturnType<typeof createInterface>): void {
  sandboxInfo.set(
    child,
    new Promise((resolve, reject) => {
      lines.on('line', (line) => {
        if (!line.startsWith('{"sandbox"')) return;
        resolve((JSON.parse(line) as { sandbox: EmbeddedSandboxInfo }).sandbox);
      });
      child.once('exit', () => reject(new Error('serve.mjs exited before its Local sandbox started.')));
    }),
  );
  // Nobody may ask; an exit must then not be an unhandled rejection.
  sandboxInfo.get(child)?.catch(() => undefined);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** A serve.mjs process started on a fresh temporary data folder; `announced` resolves once it listens. */
interface LaunchedServer {
  child: ChildProcess;
  temp: string;
  home: string;
  announced: Promise<Pick<BrowserModeServer, 'url' | 'port' | 'token'>>;
  /** Starts serve.mjs again with the same environment (the data folder stays). */
  respawn(): ChildProcess;
}

function launchServer(temp: string, serverEnv: Record<string, string>, dataFolderBy: DataFolderBy): LaunchedServer {
  const { XDM_LOADER_HOME: _ignored, ...inherited } = process.env;
  const byDefault = dataFolderBy === 'default';
  const env = {
    ...inherited,
    NODE_COMPILE_CACHE: compileCacheDir,
    ...serverEnv,
    ...(byDefault ? { XDG_CONFIG_HOME: temp } : { XDM_LOADER_HOME: temp }),
  };
  const respawn = () =>
    spawn(process.execPath, [path.join(repoRoot, 'dist', 'web', 'serve.mjs'), '--port', '0', '--json'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const child = respawn();
  // Read from the first byte, whether or not a test takes this server yet.
  const announced = readAnnouncement(child);
  announced.catch(() => undefined);
  // On Linux the default folder is $XDG_CONFIG_HOME/xdm-loader.
  return { child, temp, home: byDefault ? path.join(temp, 'xdm-loader') : temp, announced, respawn };
}

async function discard(server: LaunchedServer): Promise<void> {
  await stop(server.child);
  await rm(server.temp, { recursive: true, force: true });
}

/**
 * One server started ahead, for the next test of this worker that takes the default options.
 * Why: a server's start (Node, the bundles, the data folder, the router) took 2-4 s of every
 * test's wall time, before its first step, while the test before it mostly waited on its page;
 * started during that test, the next one is listening when its test begins. It is still a fresh
 * process on a fresh data folder that nothing has used, so no test sees another's state.
 */
class SpareServer {
  private spare: LaunchedServer | null = null;

  /** The spare if one is ready or starting, else a server started now; the caller owns it. */
  async take(): Promise<LaunchedServer> {
    const taken = this.spare;
    this.spare = null;
    return taken ?? launchServer(await mkdtemp(path.join(tmpdir(), 'xdm-e2e-')), {}, 'XDM_LOADER_HOME');
  }

  /** Starts the next spare unless one is there. */
  async prepare(): Promise<void> {
    if (this.spare) return;
    this.spare = launchServer(await mkdtemp(path.join(tmpdir(), 'xdm-e2e-')), {}, 'XDM_LOADER_HOME');
  }

  /** Stops the spare no test took (the worker's last, or one left when a test failed). */
  async close(): Promise<void> {
    const left = this.spare;
    this.spare = null;
    if (left) await discard(left);
  }
}

/**
 * Fixtures for renderer tests in browser mode.
 * Why a server per test with its own XDM_LOADER_HOME: no test sees files, settings or state
 * another test left behind, and a crashed server fails only the test that started it.
 * A test with the default options takes the worker's spare server (`SpareServer`), started while
 * the test before it ran; one with its own `serverEnv` or `dataFolderBy` starts its own.
 * `app` is the page opened on the server's URL, with the shell rendered; it fails the test on
 * any page error or console error (a CSP violation is reported as one).
 */
export const test = base.extend<
  { serverEnv: Record<string, string>; dataFolderBy: DataFolderBy; server: BrowserModeServer; app: Page },
  { spareServer: SpareServer; sharedPage: Page }
>({
  /** Environment variables the server gets besides the test's own (`test.use({ serverEnv })`): a broken keychain, say. */
  serverEnv: [{}, { option: true }],
  dataFolderBy: ['XDM_LOADER_HOME', { option: true }],
  spareServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const spares = new SpareServer();
      await use(spares);
      await spares.close();
    },
    { scope: 'worker' },
  ],
  /**
   * One browser context and page per worker, which `app` opens each test's server in.
   * Why not Playwright's page per test: a new context and page, and the renderer process behind
   * them, cost each test about 1 CPU s and 0.7 s before its first step (8 one-click tests: 14-15
   * CPU s shared, 23-24 fresh, all processes sampled). Nothing of one test reaches the next:
   * each server listens on a port of its own, so the page's storage (the session token, the
   * dismissed first-run hints) belongs to another origin each time; the app sets no cookie; `app`
   * resets the window and leaves the page blank before the server stops. After a failed test
   * Playwright starts a new worker, and with it a new page.
   */
  sharedPage: [
    async ({ browser }, use) => {
      const context = await browser.newContext(pageDefaults);
      await use(await context.newPage());
      await context.close();
    },
    { scope: 'worker' },
  ],
  server: async ({ serverEnv, dataFolderBy, spareServer }, use) => {
    const defaults = Object.keys(serverEnv).length === 0 && dataFolderBy === 'XDM_LOADER_HOME';
    const launched = defaults ? await spareServer.take() : launchServer(await mkdtemp(path.join(tmpdir(), 'xdm-e2e-')), serverEnv, dataFolderBy);
    let child = launched.child;
    try {
      const announced = await launched.announced;
      // The next test's server starts while this one runs.
      await spareServer.prepare();
      await use({
        ...announced,
        home: launched.home,
        sandbox: () => sandboxInfo.get(child) ?? Promise.reject(new Error('no sandbox line reader')),
        async restart() {
          await stop(child);
          child = launched.respawn();
          return readAnnouncement(child);
        },
      });
    } finally {
      await discard({ ...launched, child });
    }
  },

  // A test that sets a context option of its own (`test.use({ timezoneId })`) gets a context of its own.
  app: async ({ browser, sharedPage, server, timezoneId, locale }, use) => {
    const own = timezoneId !== undefined || locale !== undefined ? await browser.newContext({ ...pageDefaults, timezoneId, locale }) : null;
    const page = own ? await own.newPage() : sharedPage;
    await page.setViewportSize(pageDefaults.viewport);
    const problems: string[] = [];
    const onPageError = (error: Error) => problems.push(`page error: ${error.message}`);
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
    };
    page.on('pageerror', onPageError);
    page.on('console', onConsole);
    try {
      await page.goto(server.url);
      await expect(page.getByRole('heading', { name: 'Prepare', level: 1 })).toBeVisible();
      await use(page);
    } finally {
      page.off('pageerror', onPageError);
      page.off('console', onConsole);
      // Blank before the server stops, so that the next test's page never sees this app lose its
      // server. Not after a failure: Playwright then ends the worker, and the page shows what failed.
      if (own) await own.close();
      else if (base.info().status === base.info().expectedStatus) {
        await Promise.all(
          page
            .context()
            .pages()
            .filter((other) => other !== page)
            .map((other) => other.close()),
        );
        await page.goto('about:blank');
      }
    }
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

export { expect };
