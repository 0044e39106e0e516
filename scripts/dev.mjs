// `npm run dev`: the renderer with hot reload in browser mode, the Node side rebuilt on change.
//
//   npm run dev [-- --port N]      (N: the page's port, 5173 by default, the next free one if taken)
//
// - esbuild watches every Node bundle of scripts/build-config.mjs into dist/. When browser mode's
//   host (dist/web/serve.mjs) or a worker is rebuilt, the host restarts on the same port with the
//   same token, so the open page reconnects by itself (the bridge retries its socket).
// - Vite's dev server serves src-renderer with hot module replacement and forwards /ws (the
//   router) and /files (dropped files) to the host. The host accepts only its own Origin, so the
//   forwarding rewrites the page's Origin, and only that one, to the host's: a foreign page is
//   still refused, and the token is still required.
// The data directory is the usual one (XDM_LOADER_HOME or the platform default).
import { context } from 'esbuild';
import { createServer } from 'vite';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { assertEntriesExist, nodeBundleOptions } from './build-config.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const distDir = path.join(root, 'dist');
const hostBundle = path.join(distDir, 'web', 'serve.mjs');
const { values } = parseArgs({ options: { port: { type: 'string', default: '5173' } } });

/** One token for the whole session: the page keeps it across restarts of the host. */
const token = randomBytes(32).toString('base64url');
/** The host's port, chosen by the first start and kept by every restart. */
let hostPort = 0;
/** The running host, while there is one. */
let host = null;

/** Starts dist/web/serve.mjs and resolves with the port it listens on. */
function startHost() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hostBundle, '--json', '--port', String(hostPort)], {
      cwd: root,
      env: { ...process.env, XDM_LOADER_TOKEN: token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    host = child;
    let listening = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        console.log(`[host] ${line}`);
        return;
      }
      if (typeof message.port === 'number' && !listening) {
        listening = true;
        resolve(message.port);
      } else if (message.sandbox) {
        console.log(`[host] Local sandbox at ${message.sandbox.url}`);
      }
    });
    child.once('exit', (code, signal) => {
      if (host === child) host = null;
      if (!listening) reject(new Error(`browser mode's host stopped before listening (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Stops the host (SIGTERM: it closes its server and services) and waits for it. */
function stopHost() {
  const child = host;
  if (!child) return Promise.resolve();
  host = null;
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Restarts go one at a time; a change during a restart asks for one more. */
let restarting = null;
let restartAgain = false;
async function restartHost() {
  if (restarting) {
    restartAgain = true;
    return;
  }
  restarting = (async () => {
    do {
      restartAgain = false;
      await stopHost();
      try {
        await startHost();
        console.log('[dev] Node side rebuilt: browser mode restarted');
      } catch (error) {
        console.error(`[dev] ${error.message}; waiting for the next change`);
      }
    } while (restartAgain);
  })();
  await restarting;
  restarting = null;
}

/**
 * Calls `firstBuilt` after the bundle's first build (watch mode starts with one), then restarts
 * the host after each later build of the host or of a worker.
 */
function watchPlugin(outfile, firstBuilt) {
  const runsInHost = outfile === hostBundle || outfile.startsWith(path.join(distDir, 'workers') + path.sep);
  let built = false;
  return {
    name: 'xdm-dev-restart',
    setup(build) {
      build.onEnd((result) => {
        if (!built) {
          built = true;
          firstBuilt(result.errors.length === 0);
        } else if (result.errors.length === 0 && runsInHost) {
          void restartHost();
        }
      });
    },
  };
}

assertEntriesExist(root);
const started = Date.now();
const firstBuilds = [];
const contexts = await Promise.all(
  nodeBundleOptions(root, distDir).map((options) => {
    let firstBuilt;
    firstBuilds.push(new Promise((resolve) => (firstBuilt = resolve)));
    return context({ ...options, plugins: [watchPlugin(options.outfile, firstBuilt)] });
  }),
);
await Promise.all(contexts.map((ctx) => ctx.watch()));
if ((await Promise.all(firstBuilds)).includes(false)) {
  console.error('[dev] the Node side does not build (errors above); fix them and run again');
  process.exit(1);
}
console.log(`[dev] Node side built in ${((Date.now() - started) / 1000).toFixed(1)} s; watching for changes`);

hostPort = await startHost();
const hostOrigin = `http://127.0.0.1:${hostPort}`;

/** Forwarding to the host, with the page's own Origin rewritten to the host's (see above). */
function toHost(ws) {
  return {
    target: hostOrigin,
    changeOrigin: true,
    ws,
    configure(proxy) {
      const rewriteOwnOrigin = (proxyRequest, request) => {
        if (request.headers.origin === pageOrigin) proxyRequest.setHeader('origin', hostOrigin);
      };
      proxy.on('proxyReq', rewriteOwnOrigin);
      proxy.on('proxyReqWs', rewriteOwnOrigin);
    },
  };
}

let pageOrigin = '';
const vite = await createServer({
  configFile: path.join(root, 'vite.config.ts'),
  server: {
    port: Number(values.port),
    proxy: { '/ws': toHost(true), '/files': toHost(false) },
  },
});
await vite.listen();
const address = vite.httpServer?.address();
const pagePort = typeof address === 'object' && address ? address.port : Number(values.port);
pageOrigin = `http://127.0.0.1:${pagePort}`;
console.log(`[dev] XDM Loader (browser mode, hot reload) is at ${pageOrigin}/#token=${token}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  await vite.close();
  await stopHost();
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
