import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { PrepareJobEvent } from '../../src-shared/ipc/job-events';
import type { MappingFile } from '../../src-shared/mapping/mapping-types';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';

/**
 * The router with every handler over a throwaway data folder and no saved secret, for the tests of
 * schemas.*, mapping.* and jobs.prepare (prepare-handlers.test.ts, and prepare-cancel.test.ts in
 * the `slow` project). Events the jobs emit are collected in `events`.
 */

export const samples = path.resolve(import.meta.dirname, '..', '..', 'assets', 'samples');

/** The customers sample onto the standard Profile schema, with an identity: what the prepare jobs run. */
export const customersMapping: MappingFile = {
  version: 1,
  rules: [
    { source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' },
    { source: { kind: 'column', column: 'birth_date' }, destination: 'person.birthDate' },
    { source: { kind: 'column', column: 'email' }, destination: 'personalEmail.address' },
  ],
  identities: [{ column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' }],
};

export interface PrepareHarness {
  home: string;
  files: FileRegistry;
  jobs: JobRegistry;
  events: AppEvent[];
  call(name: string, input: unknown): ReturnType<ReturnType<typeof createRouter<RequestContext>>['handle']>;
  /** The reply's value; throws naming the request and its error code when the reply is an error. */
  value<T>(name: string, input: unknown): Promise<T>;
  /** The prepare events of one job, in order. */
  eventsOf(jobId: string): PrepareJobEvent[];
  /** customers.csv repeated `times` times, every 7th copy of a row with a birth date that is no date. */
  bigCustomers(times: number): Promise<string>;
  /** Cancels what still runs and removes the data folder. */
  close(): Promise<void>;
}

export async function startPrepareHarness(): Promise<PrepareHarness> {
  const ctx: RequestContext = { transport: 'websocket' };
  const home = await mkdtemp(path.join(os.tmpdir(), 'xdm-ipc-prepare-'));
  const files = new FileRegistry();
  const events: AppEvent[] = [];
  const jobs = new JobRegistry({ emit: (event) => events.push(event) });
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: home }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
  });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'browser' as const, platform: 'linux', dataDir: home });
  const router = createRouter(createHandlers({ files, info, connections, jobs, dataDir: home }), { logError: () => undefined });
  const call = (name: string, input: unknown) => router.handle(name, input, ctx);
  return {
    home,
    files,
    jobs,
    events,
    call,
    async value<T>(name: string, input: unknown): Promise<T> {
      const reply = await call(name, input);
      if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
      return reply.value as T;
    },
    eventsOf: (jobId) => events.filter((e): e is PrepareJobEvent => e.type === 'job' && e.kind === 'prepare' && e.jobId === jobId),
    async bigCustomers(times) {
      const text = await readFile(path.join(samples, 'customers.csv'), 'utf8');
      const [header, ...rows] = text.trimEnd().split('\n');
      const out: string[] = [header as string];
      let n = 0;
      for (let t = 0; t < times; t++) {
        for (const row of rows) {
          n++;
          out.push(n % 7 === 0 ? row.replace(/,(\d{4}-\d{2}-\d{2}),/, ',not-a-date,') : row);
        }
      }
      const file = path.join(home, `big-${times}.csv`);
      await writeFile(file, `${out.join('\n')}\n`);
      return file;
    },
    async close() {
      await jobs.cancelAll();
      await rm(home, { recursive: true, force: true });
    },
  };
}
