import type { ConnectionService } from '../core/platform/connection-service';
import { createServices, type Services } from '../core/services/index';
import { cliConnections } from './commands/connection';
import type { CliContext } from './context';
import { printLine } from './output';

/**
 * Core's services for one CLI run, over the run's connections and the same data folder as the app.
 * Why the app's services: `xdm-loader status` and the Batches screen, `profile` and the Profiles
 * screen, `schemas` and the Targets screen ask the same questions and must answer alike. A command
 * never prunes old upload jobs (retention is the app's start-up work) and runs no app jobs.
 */
export function cliServices(ctx: CliContext): { connections: ConnectionService; services: Services } {
  const connections = cliConnections(ctx);
  return { connections, services: createServices({ connections, dataDir: ctx.dataDir(), uploadRetention: false }) };
}

/**
 * Prints, before anything is sent, that this machine already sent the same records to the dataset
 * by batch or by streaming: preflight's SENT_BEFORE warning, as the Upload step shows it.
 */
export async function warnIfSentBefore(ctx: CliContext, out: CliContext['out'], input: string, to: { datasetId: string; target: string }): Promise<void> {
  const check = await cliServices(ctx).services.uploads.sentBefore(input, to);
  if (check) printLine(out, `Warning: ${check.message}`);
}
