import type { Command } from 'commander';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { PlatformClient } from '../../core/platform/platform-client';
import { type ExperienceEventItem, getEntity, getExperienceEvents, type ProfileEntity } from '../../core/platform/profile-access';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';
import { addTargetOptions, cliConnections, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader profile --ns NAMESPACE --id VALUE`: one profile as Profile merged it.
 * Why: the last step of a load is seeing the person arrive; this shows the merged attributes, the
 * identities stitched together and the recent experience events. A 403 is an entitlement (the
 * Profile Access API needs Real-Time CDP Ultimate), said as such, never as "not found".
 */
interface ProfileOptions extends TargetOptions {
  ns: string;
  id: string;
  events: string;
  json?: boolean;
}

export interface ProfileView {
  namespace: string;
  id: string;
  entityId?: string;
  sources: string[];
  lastModifiedAt?: string;
  identities: Array<{ namespace: string; id: string; primary: boolean }>;
  attributes: Record<string, unknown>;
  events: ExperienceEventItem[];
  /** Why events are not shown, when Profile refused them (deprecated / Ultimate-only at Adobe). */
  eventsUnavailable?: string;
}

/** `{a:{b:1}}` → [['a.b', '1']]: attributes as lines a person can scan. */
function flatten(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix === '' ? key : `${prefix}.${key}`, out);
    return;
  }
  out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
}

async function events(client: PlatformClient, options: ProfileOptions, limit: number): Promise<Pick<ProfileView, 'events' | 'eventsUnavailable'>> {
  if (limit === 0) return { events: [] };
  try {
    return { events: await getExperienceEvents(client, { entityId: options.id, namespace: options.ns, limit }) };
  } catch (error) {
    // The profile itself was readable: events being refused must not hide it.
    if (isAppError(error) && (error.code === 'FORBIDDEN' || error.code === 'REMOTE_ERROR')) return { events: [], eventsUnavailable: error.message };
    throw error;
  }
}

function viewOf(options: ProfileOptions, entity: ProfileEntity, extra: Pick<ProfileView, 'events' | 'eventsUnavailable'>): ProfileView {
  const { identities = [], ...attributes } = entity.entity ?? {};
  return {
    namespace: options.ns,
    id: options.id,
    ...(entity.entityId !== undefined ? { entityId: entity.entityId } : {}),
    sources: (entity.sources ?? []).filter((s) => s !== ''),
    ...(entity.lastModifiedAt !== undefined ? { lastModifiedAt: entity.lastModifiedAt } : {}),
    identities: identities.map((i) => ({ namespace: i.namespace.code, id: i.id, primary: i.primary === true })),
    attributes,
    ...extra,
  };
}

function printView(ctx: CliContext, view: ProfileView): void {
  printLine(ctx.out, `Profile ${view.entityId ?? ''} for ${view.namespace} ${view.id}`);
  if (view.lastModifiedAt) printLine(ctx.out, `Last modified ${view.lastModifiedAt}; from dataset${view.sources.length === 1 ? '' : 's'} ${view.sources.join(', ') || '(unknown)'}.`);
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
    const eventRows = view.events.map((e) => [
      typeof e.timestamp === 'number' ? new Date(e.timestamp).toISOString() : String(e.timestamp ?? ''),
      String(e.entity?.eventType ?? ''),
      e.entityId ?? '',
    ]);
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
    const service = cliConnections(ctx);
    const client = await service.client(await connectionRefFrom(ctx, service, options));
    const entity = await getEntity(client, { entityId: options.id, namespace: options.ns });
    if (!entity) {
      throw new AppError(
        'NOT_FOUND',
        `Profile has no profile for ${options.ns} "${options.id}" in sandbox "${client.target.sandboxName}". If it was just loaded, Profile may still be ` +
          'processing it; otherwise check that the dataset and its schema are enabled for Profile and that the namespace is right (`xdm-loader preflight --profile`).',
      );
    }
    const view = viewOf(options, entity, await events(client, options, limit));
    if (options.json) printJson(ctx, view);
    else printView(ctx, view);
  });
}
