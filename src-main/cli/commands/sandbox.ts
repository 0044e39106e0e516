/**
 * `xdm-loader sandbox`: runs the Local sandbox standalone, for other AEP clients and for demos.
 *
 * Prints the base URL and the sandbox's credentials (or, with `--json`, one JSON line on stdout so a
 * parent process can parse it), then serves until SIGINT/SIGTERM and closes cleanly (pending batch
 * processing stops; batches left processing resume on the next start).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { startSandbox } from '../../core/sandbox';
import type { CliContext } from '../context';

interface SandboxCommandOptions {
  port: string;
  data?: string;
  json?: boolean;
}

/**
 * The default data dir: `sandbox/` inside the app's data dir (override with `--data`).
 * Why: the standalone sandbox and the one the app embeds are then the same persistent sandbox.
 */
export function defaultSandboxDataDir(ctx: CliContext): string {
  return path.join(ctx.dataDir(), 'sandbox');
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sandbox')
    .description('Serve the Local sandbox (an AEP-compatible server) on loopback')
    .option('--port <n>', 'TCP port (0 picks a free one)', '0')
    .option('--data <dir>', 'data directory (database, uploads, credentials); default: sandbox/ in the app data dir')
    .option('--json', 'print one JSON line {url, orgId, clientId, clientSecret, sandboxName}')
    .action(async (opts: SandboxCommandOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port ${opts.port}`);
      const dataDir = opts.data ?? defaultSandboxDataDir(ctx);
      const sandbox = await startSandbox({ dataDir, port });
      const { orgId, clientId, clientSecret, sandboxName } = sandbox.credentials;
      if (opts.json) {
        ctx.out.write(`${JSON.stringify({ url: sandbox.url, orgId, clientId, clientSecret, sandboxName })}\n`);
      } else {
        ctx.out.write(
          [
            `Local sandbox listening on ${sandbox.url}`,
            `  org id:        ${orgId}`,
            `  client id:     ${clientId}`,
            `  client secret: ${clientSecret}`,
            `  sandbox name:  ${sandboxName}`,
            `  data dir:      ${path.resolve(dataDir)}`,
            'Press Ctrl+C to stop.',
            '',
          ].join('\n'),
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await sandbox.close();
    });
}
