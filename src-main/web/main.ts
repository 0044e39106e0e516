import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { createMainServices } from '../host/compose';
import type { LocalSandboxInfo } from '../host/embedded-sandbox';
import { openInBrowser } from './browser-launch';
import { createWebServer } from './server';

/**
 * Browser mode's entry (bundled to dist/web/serve.mjs).
 * Why a separate entry: where no Electron binary exists (CI, this machine, a locked-down
 * desktop) the same renderer and router run in any browser; the e2e tests start it with
 * `--json --port 0` and read the one JSON line it prints.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      'renderer-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'Usage: serve.mjs [--port N] [--json] [--open] [--renderer-dir DIR] [--data-dir DIR]\n' +
        '  --port N   listen on 127.0.0.1:N (0, the default, picks a free port)\n' +
        '  --json     print one JSON line {"url","port","token"} once listening, and one\n' +
        '             {"sandbox":{"url","orgId","clientId","clientSecret","sandboxName"}} when the\n' +
        '             embedded Local sandbox has started\n' +
        '  --open     open the URL in Chromium (or the system browser) when a display exists\n' +
        'The data directory is --data-dir, else XDM_LOADER_HOME, else the folder chosen on the Settings screen, else the platform default.',
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not "${values.port}".`);
  // The bundle lives in dist/web/, the renderer build in dist/renderer/.
  const rendererDir = values['renderer-dir'] ?? fileURLToPath(new URL('../renderer/', import.meta.url));

  const services = createMainServices({
    mode: 'browser',
    version: packageJson.version,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    // With --json, a second line tells a script (the e2e fixture) where the embedded Local
    // sandbox listens once the app has started it; the renderer never sees these credentials.
    ...(values.json
      ? {
          onSandboxStarted: (sandbox: LocalSandboxInfo) =>
            process.stdout.write(`${JSON.stringify({ sandbox: { url: sandbox.url, ...sandbox.credentials } })}\n`),
        }
      : {}),
  });
  // XDM_LOADER_TOKEN: set by `npm run dev` (scripts/dev.mjs), which restarts this server when
  // its code changes and keeps the page's token valid across restarts.
  const fixedToken = process.env.XDM_LOADER_TOKEN;
  const server = await createWebServer({ services, rendererDir, port, ...(fixedToken ? { token: fixedToken } : {}) });

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, token: server.token })}\n`);
  } else {
    console.log(`XDM Loader (browser mode) is at ${server.url}`);
  }
  if (values.open && !openInBrowser(server.url) && !values.json) {
    console.log('No display or browser found here: open the URL above yourself.');
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    if (!values.json) console.log(`Received ${signal}, shutting down.`);
    server
      .close()
      .then(() => services.dispose())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Shutdown failed:', error);
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
