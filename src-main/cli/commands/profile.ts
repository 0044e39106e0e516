import type { Command } from 'commander';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { ProfileLookup } from '../../../src-shared/ipc/requests/entities';
import type { ExperienceEventShape } from '../../../src-shared/ipc/requests/entities';
import type { ConnectionRef } from '../../core/platform/connection-service';
import type { ProfilesService } from '../../core/services/index';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';
import { cliServices } from '../services';
import { addTargetOptions, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader profile --ns NAMESPACE --id VALUE`: one profile as Profile merged it.
 * Why: the last step of a load is seeing the person arrive; this shows the merged attributes, the
 * identities stitched together and the recent experience events. The profiles service answers the
 * Profiles screen too, so a miss and a 403 (an entitlement: the Profile Access API needs Real-Time
 * CDP Ultimate) are explained in the same words, never as "not found" for a refusal.
 */
interface ProfileOptions extends TargetOptions {
  ns: string;
  id: string;
  events: string;
  json?: boolean;
}

/** The found profile (as `entities.lookup` gives it) with its events (as `entities.events`). */
export type ProfileView = { namespace: string; id: string } & NonNullable<ProfileLookup['profile']> & {
    events: ExperienceEventShape[];
    /** Why events are not shown, when Profile refused them (deprecated / Ultimate-only at Adobe). */
    eventsUnavailable?: string;
  };

/** `{a:{b:1}}` → [['a.b', '1']]: attributes as lines a person can scan. */
function flatten(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix === '' ? key : `${prefix}.${key}`, out);
    return;
  }
  out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
}

async function events(
  profiles: ProfilesService,
  options: ProfileOptions,
  connection: ConnectionRef,
  limit: number,
): Promise<Pick<ProfileView, 'events' | 'eventsUnavailable'>> {
  if (limit === 0) return { events: [] };
  try {
    const page = await profiles.events({ namespace: options.ns, id: options.id, connection, limit });
    return page.status === 'forbidden'
      ? { events: [], eventsUnavailable: page.explanation ?? 'Profile refused to list experience events.' }
      : { events: page.events };
  } catch (error) {
    // The profile itself was readable: events failing must not hide it.
    if (isAppError(error) && error.code === 'REMOTE_ERROR') return { events: [], eventsUnavailable: error.message };
    throw error;
  }
}

function printView(ctx: CliContext, view: ProfileView): void {
  printLine(ctx.out, `Profile ${view.entityId ?? ''} for ${view.namespace} ${view.id}`);
  if (view.lastModifiedAt)
    printLine(ctx.out, `Last modified ${view.lastModifiedAt}; from dataset${view.sources.length === 1 ? '' : 's'} ${view.sources.join(', ') || '(unknown)'}.`);
  printLine(ctx.out);
  printLine(ctx.out, 'Identities:');
  const ids = view.identities.map((i) => [i.namespace, i.id, i.primary ? 'primary' : '']);
  for (const line of renderTable(['Namespace', 'Id', ''], ids, { width: ctx.width, maxCell: 60 }).lines) printLine(ctx.out, line);
  printLine(ctx.out);
  printLine(ctx.out, 'Attributes:');
  const rows: Array<[string, string]> = [];
  flatten(view.attributes, '', rows);
  for (const line of renderTable(['Field', 'Value'], rows, { width: ctx.width, maxCell: 80 }).lines) printLine(ctx.out, line);
  printLine(ctx.out);
  if (view.eventsUnavailable) {
    printLine(ctx.out, `Experience events: not available. ${view.eventsUnavailable}`);
  } else if (view.events.length === 0) {
    printLine(ctx.out, 'Experience events: none.');
  } else {
    printLine(ctx.out, `Experience events (newest first, ${view.events.length}):`);
    const eventRows = view.events.map((e) => [e.timestamp !== null ? new Date(e.timestamp).toISOString() : '', e.eventType ?? '', e.id]);
    for (const line of renderTable(['Time', 'Type', 'Event id'], eventRows, { width: ctx.width, maxCell: 60 }).lines) printLine(ctx.out, line);
  }
}

export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(
    program
      .command('profile')
      .description('Look a profile up by identity: merged attributes, identities, experience events')
      .requiredOption('--ns <namespace>', 'identity namespace code, e.g. Email, CRMID, ECID')
      .requiredOption('--id <value>', 'identity value')
      .option('--events <n>', 'experience events to show (0 for none)', '20')
      .option('--json', 'print JSON'),
  ).action(async (options: ProfileOptions) => {
    const limit = Number(options.events);
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000) throw new AppError('INVALID_INPUT', '--events takes a whole number from 0 to 1000.');
    const { connections, services } = cliServices(ctx);
    const connection = await connectionRefFrom(ctx, connections, options);
    const found = await services.profiles.lookup({ namespace: options.ns, id: options.id, connection });
    if (found.status === 'forbidden') throw new AppError('FORBIDDEN', found.explanation ?? 'Profile Access refused the lookup (403).');
    if (found.status === 'not-found' || !found.profile) {
      throw new AppError(
        'NOT_FOUND',
        `${found.explanation ?? `Profile has no profile for ${options.ns} "${options.id}".`} (\`xdm-loader preflight DIR --dataset ID --profile\` checks them.)`,
      );
    }
    const view: ProfileView = { namespace: options.ns, id: options.id, ...found.profile, ...(await events(services.profiles, options, connection, limit)) };
    if (options.json) printJson(ctx, view);
    else printView(ctx, view);
  });
}
