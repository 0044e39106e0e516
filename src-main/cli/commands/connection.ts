import { type Command, Option } from 'commander';
import { AppError } from '../../../src-shared/domain/errors';
import { type ConnectionDraft, type ConnectionView, LOCAL_CONNECTION_ID } from '../../../src-shared/platform/connection';
import type { ConnectionTestReport } from '../../../src-shared/platform/connection-test-report';
import { defaultHostPreset, findHostPreset, hostPresets } from '../../../src-shared/platform/host-presets';
import { type ConnectionRef, type ConnectionService, type ConnectionServiceOptions, createConnectionService } from '../../core/platform/connection-service';
import { lineLogger, silentLogger } from '../../core/platform/logger';
import { createKeyringSecretStore } from '../../core/secrets/keyring-secret-store';
import { CLIENT_SECRET_ENV, createSecretResolver } from '../../core/secrets/secret-resolver';
import { createConnectionStore } from '../../core/settings/connection-store';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';

/**
 * `xdm-loader connection add|list|remove|test`: AEP connections from the command line.
 * Why here too: CI and scripts need the same connections as the app, and the same test; the
 * secret goes to the OS keychain (from stdin, never an argument, which `ps` would show), or
 * comes from XDM_LOADER_CLIENT_SECRET for the run.
 */

/** The connections service of a CLI run: the data dir's settings, the OS keychain, the environment secret. */
export function cliConnections(ctx: CliContext, options: Pick<ConnectionServiceOptions, 'onServerWait' | 'retry'> = {}): ConnectionService {
  const logger = ctx.env.XDM_LOADER_DEBUG ? lineLogger((line) => ctx.err.write(`${line}\n`), 'debug') : silentLogger;
  const secrets = createSecretResolver({ store: createKeyringSecretStore(), environmentSecret: ctx.env[CLIENT_SECRET_ENV] });
  return createConnectionService({
    store: createConnectionStore({ dataDir: ctx.dataDir() }),
    secrets,
    logger,
    ...(ctx.localSandbox ? { localSandbox: ctx.localSandbox } : {}),
    ...options,
  });
}

/** The flags every networked command accepts to name a connection, or to describe one ad hoc. */
export interface TargetOptions {
  connection?: string;
  platformUrl?: string;
  imsUrl?: string;
  streamingUrl?: string;
  org?: string;
  clientId?: string;
  sandbox?: string;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option('--connection <name>', 'a saved connection (default: the active one)')
    .option('--platform-url <url>', `Platform host, for a connection not saved (default ${defaultHostPreset.platformUrl})`)
    .option('--ims-url <url>', `IMS host (default ${defaultHostPreset.imsUrl})`)
    .option('--org <org>', 'IMS org id, e.g. 5C1328435BF324E90A49402A@AdobeOrg')
    .option('--client-id <id>', 'client id (API key) of the OAuth Server-to-Server credential')
    .option('--sandbox <name>', 'sandbox name, e.g. prod');
}

/**
 * Which connection the flags mean: ad hoc when any host or credential flag is given, else a saved one.
 * Why ad hoc needs the environment secret: a secret on the command line would be visible to `ps`.
 */
export async function connectionRefFrom(ctx: CliContext, service: ConnectionService, options: TargetOptions): Promise<ConnectionRef> {
  const adHoc = [options.platformUrl, options.imsUrl, options.org, options.clientId, options.sandbox].some((v) => v !== undefined);
  if (!adHoc) return options.connection ?? (await service.activeId());
  if (options.connection !== undefined)
    throw new AppError('INVALID_INPUT', 'Give either --connection or the connection flags (--org, --client-id, ...), not both.');
  const missing = (
    [
      ['--org', options.org],
      ['--client-id', options.clientId],
      ['--sandbox', options.sandbox],
    ] as const
  )
    .filter(([, value]) => value === undefined)
    .map(([flag]) => flag);
  if (missing.length > 0) throw new AppError('INVALID_INPUT', `A connection given by flags also needs ${missing.join(', ')}.`);
  const secret = ctx.env[CLIENT_SECRET_ENV];
  if (secret === undefined || secret === '') {
    throw new AppError('UNAUTHORIZED', `Set ${CLIENT_SECRET_ENV} to the client secret when the connection is given by flags.`);
  }
  return { draft: draftFrom('command line', options), secret };
}

function draftFrom(name: string, options: TargetOptions & { scopes?: string; production?: boolean }): ConnectionDraft {
  return {
    name,
    platformUrl: options.platformUrl ?? defaultHostPreset.platformUrl,
    imsUrl: options.imsUrl ?? defaultHostPreset.imsUrl,
    streamingUrl: options.streamingUrl ?? defaultHostPreset.streamingUrl,
    orgId: options.org ?? '',
    clientId: options.clientId ?? '',
    sandboxName: options.sandbox ?? '',
    ...(options.scopes !== undefined
      ? {
          scopes: options.scopes
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        }
      : {}),
    ...(options.production ? { production: true } : {}),
  };
}

async function readSecretFromStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new AppError('INVALID_INPUT', '--secret-stdin reads the secret from a pipe, e.g. `printf %s "$SECRET" | xdm-loader connection add ...`.');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const secret = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (secret === '') throw new AppError('INVALID_INPUT', '--secret-stdin read an empty secret.');
  return secret;
}

const secretLabels: Record<ConnectionView['secret'], string> = {
  keychain: 'in keychain',
  environment: `from ${CLIENT_SECRET_ENV}`,
  sandbox: 'built in',
  none: 'missing',
  unavailable: 'keychain unreachable',
  session: 'held for this session only',
};

export function printTestReport(ctx: CliContext, report: ConnectionTestReport): void {
  printLine(ctx.out, `Testing "${report.connectionName}"`);
  for (const step of report.steps) {
    const mark = step.status === 'passed' ? '✓' : step.status === 'failed' ? '✗' : '-';
    printLine(ctx.out, `  ${mark} ${step.label} (${step.durationMs} ms)`);
    printLine(ctx.out, `      ${step.detail}`);
  }
  printLine(ctx.out, report.ok ? 'The connection works.' : 'The connection does not work yet; fix the failed step above.');
}

export function register(program: Command, ctx: CliContext): void {
  const connection = program.command('connection').description('Manage connections to Adobe Experience Platform (secrets go to the OS keychain)');

  connection
    .command('add')
    .description('Save a connection to an AEP org and sandbox')
    .argument('<name>', 'a name for the connection')
    .addOption(new Option('--preset <id>', 'fill the hosts from a preset').choices(hostPresets.map((p) => p.id)))
    .option('--platform-url <url>', 'Platform host')
    .option('--ims-url <url>', 'IMS host')
    .option('--streaming-url <url>', 'streaming collection host')
    .requiredOption('--org <org>', 'IMS org id, e.g. 5C1328435BF324E90A49402A@AdobeOrg')
    .requiredOption('--client-id <id>', 'client id (API key)')
    .requiredOption('--sandbox <name>', 'sandbox name, e.g. prod')
    .option('--scopes <list>', 'comma-separated scopes, as on the credential page in Developer Console')
    .option('--production', 'mark the sandbox as production (a sandbox named prod always is)')
    .option('--secret-stdin', 'read the client secret from stdin and save it in the OS keychain')
    .action(async (name: string, options: TargetOptions & { preset?: string; scopes?: string; production?: boolean; secretStdin?: boolean }) => {
      const preset = options.preset !== undefined ? findHostPreset(options.preset) : undefined;
      const draft = draftFrom(name, {
        ...options,
        platformUrl: options.platformUrl ?? preset?.platformUrl,
        imsUrl: options.imsUrl ?? preset?.imsUrl,
        streamingUrl: options.streamingUrl ?? preset?.streamingUrl,
      });
      const secret = options.secretStdin ? await readSecretFromStdin() : undefined;
      const view = await cliConnections(ctx).add(draft, secret);
      printLine(ctx.out, `Saved connection "${view.connection.name}" (${view.connection.id}).`);
      if (view.secret === 'none') printLine(ctx.out, `No client secret saved: add one with --secret-stdin, or set ${CLIENT_SECRET_ENV} when you run commands.`);
      if (view.production) printLine(ctx.out, 'Note: this is a PRODUCTION sandbox.');
    });

  connection
    .command('list')
    .description('List connections')
    .option('--json', 'print the connections as JSON')
    .action(async (options: { json?: boolean }) => {
      const service = cliConnections(ctx);
      const [views, active] = await Promise.all([service.list(), service.activeId()]);
      if (options.json) {
        printJson(
          ctx,
          views.map((v) => ({ ...v, active: v.connection.id === active })),
        );
        return;
      }
      // Most telling columns first: a narrow terminal drops the ones on the right.
      const rows = views.map((v) => {
        const c = v.connection;
        const mark = c.id === active ? '*' : '';
        return c.kind === 'local'
          ? [mark, c.name, '(embedded)', secretLabels[v.secret], '', '(embedded)']
          : [mark, c.name, `${c.sandboxName}${v.production ? ' (PRODUCTION)' : ''}`, secretLabels[v.secret], c.orgId, c.platformUrl];
      });
      const table = renderTable(['', 'Name', 'Sandbox', 'Secret', 'Org', 'Platform'], rows, { width: ctx.width, maxCell: 48, indent: '' });
      for (const line of table.lines) printLine(ctx.out, line);
    });

  connection
    .command('remove')
    .description('Remove a connection and its secret from the keychain')
    .argument('<name>', 'connection name or id')
    .option('--keep-secret', 'remove the connection even when the keychain cannot be reached, leaving its secret there')
    .action(async (name: string, options: { keepSecret?: boolean }) => {
      const service = cliConnections(ctx);
      const view = await service.get(name);
      if (view.connection.id === LOCAL_CONNECTION_ID) throw new AppError('INVALID_INPUT', 'The Local sandbox connection is built in and cannot be removed.');
      await service.remove(view.connection.id, { keepSecret: options.keepSecret === true });
      printLine(
        ctx.out,
        `Removed connection "${view.connection.name}"${options.keepSecret === true ? ' (its keychain entry, if any, was left in place)' : ''}.`,
      );
    });

  addTargetOptions(
    connection
      .command('test')
      .description('Check a connection: access token, sandbox, schemas')
      .argument('[name]', 'connection name or id (default: the active one)')
      .option('--json', 'print the report as JSON'),
  ).action(async (name: string | undefined, options: TargetOptions & { json?: boolean }) => {
    const service = cliConnections(ctx);
    const ref = await connectionRefFrom(ctx, service, { ...options, ...(name !== undefined ? { connection: name } : {}) });
    const report = await service.test(ref);
    if (options.json) printJson(ctx, report);
    else printTestReport(ctx, report);
    const failed = report.steps.find((s) => s.status === 'failed');
    if (failed) throw new AppError(failed.error?.code ?? 'REMOTE_ERROR', `Connection test failed at "${failed.label}".`);
  });
}
