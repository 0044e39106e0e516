import type { RequestName } from '../../src-shared/ipc/contract';

/**
 * The request names the preload lets through to main: the contract's names, written out.
 * Why a plain list: the contract derives its names from zod schemas, and the sandboxed preload
 * is one bundled file; importing the contract would bundle zod (about 800 KB) only to read its
 * keys. The type below stops the build when a contract name is missing here, and
 * test/app/preload.test.ts checks the list equals the contract's names, no more, no fewer.
 */
export const preloadRequestNames = [
  'app.info',
  'files.inspect',
  'help.openDocs',
  'files.recent',
  'files.openRecent',
  'drafts.get',
  'drafts.save',
  'drafts.discard',
  'connections.list',
  'connections.save',
  'connections.remove',
  'connections.test',
  'connections.setActive',
  'credentials.save',
  'credentials.status',
  'credentials.holdForSession',
  'credentials.keychain',
  'schemas.list',
  'schemas.get',
  'schemas.enableForProfile',
  'schemas.local',
  'schemas.tree',
  'datasets.list',
  'datasets.get',
  'datasets.create',
  'datasets.enableForProfile',
  'identity.namespaces',
  'mapping.suggest',
  'mapping.preview',
  'mapping.save',
  'mapping.list',
  'mapping.load',
  'mapping.forHeader',
  'jobs.prepare',
  'jobs.cancel',
  'jobs.rejects',
  'jobs.upload',
  'jobs.pause',
  'jobs.resume',
  'jobs.preflight',
  'jobs.preflightFix',
  'jobs.confirm',
  'uploads.list',
  'uploads.resume',
  'batches.list',
  'batches.get',
  'batches.revert',
  'batches.failedRecords',
  'entities.lookup',
  'entities.events',
  'streaming.send',
  'targets.propose',
  'targets.create',
  'results.open',
  'settings.get',
  'settings.save',
  'settings.chooseDataFolder',
  'settings.useDefaultDataFolder',
  'settings.pickDataFolder',
] as const satisfies readonly RequestName[];

/** Does not compile, naming the missing request, while a contract name is not listed above. */
type ListsEveryRequest<Missing extends never> = Missing;
type _EveryRequestListed = ListsEveryRequest<Exclude<RequestName, (typeof preloadRequestNames)[number]>>;
