import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadSettings } from '../../src-shared/domain/read-settings';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { PrepareJobEvent } from '../../src-shared/ipc/job-events';
import type { MappingFile } from '../../src-shared/mapping/mapping-types';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry, newJobId } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';
import type { RequestContext } from '../../src-main/ipc/context';
import { buildCliBundle, runBundle, runInProcess } from './cli-harness';

/**
 * `xdm-loader prepare` with the read-settings flags: the file is read as the flags say, a
 * dd/MM/yyyy column becomes XDM dates with its bad values rejected by row, and the parts are
 * byte for byte those of the File step's job (`jobs.prepare` through the router) given the same
 * ReadSettings object. The prepares spawn the bundled CLI, with its prepare worker beside it as
 * shipped; the refusal without flags and `suggest` (no worker, nothing only the bundle shows) call
 * runCli in this process, as main.ts does: a spawn costs half a second of CPU.
 */

let bundle: { file: string; remove(): void };
let home: string;
let files: FileRegistry;
let jobs: JobRegistry;
const events: AppEvent[] = [];
let router: ReturnType<typeof createRouter<RequestContext>>;

/** A semicolon export quoted with ', no header: name; member code with leading zeros; dd/MM/yyyy date (row 3 is no date). */
const EXPORT = ["'Smith; Jo';00123;25/12/1980", "'Ng; Al';04567;01/02/1975", "'Ruiz; Bo';00890;31/02/1990", "'Li; Cy';00042;07/03/2001"];
const FLAGS = ['--delimiter', ';', '--quote', "'", '--no-header', '--column-type', 'column_2=string', '--date-format', 'column_3=dd/MM/yyyy'];
/** What the File step sends for the same choices. */
const SETTINGS: ReadSettings = {
  delimiter: ';',
  quote: "'",
  hasHeader: false,
  columns: { column_2: { type: 'string' }, column_3: { dateFormat: 'dd/MM/yyyy' } },
};
const MAPPING: MappingFile = {
  version: 1,
  rules: [
    { source: { kind: 'column', column: 'column_1' }, destination: 'person.name.fullName' },
    { source: { kind: 'column', column: 'column_3' }, destination: 'person.birthDate' },
  ],
  identities: [{ column: 'column_2', namespace: 'CRMID', primary: true, authenticatedState: 'authenticated' }],
};
const SCHEMA = {
  class: 'https://ns.adobe.com/xdm/context/profile',
  fieldGroups: ['https://ns.adobe.com/xdm/context/profile-person-details', 'https://ns.adobe.com/xdm/context/identitymap'],
  title: 'Members',
};

const inHome = (name: string) => path.join(home, name);

async function partsOf(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((name) => name.startsWith('part-') || name === 'rejects.csv');
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const)));
}

beforeAll(async () => {
  bundle = await buildCliBundle({ workers: ['prepare-worker.mjs'] });
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-prepare-read-flags-'));
  await writeFile(inHome('members.txt'), `${EXPORT.join('\n')}\n`);
  await writeFile(inHome('members-map.json'), JSON.stringify(MAPPING));
  await writeFile(inHome('members-schema.json'), JSON.stringify(SCHEMA));
  files = new FileRegistry();
  jobs = new JobRegistry({ emit: (event) => events.push(event) });
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: home }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
  });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'browser' as const, platform: 'linux', dataDir: home });
  router = createRouter(createHandlers({ files, info, connections, jobs, dataDir: home }), { logError: () => undefined });
});
afterAll(async () => {
  bundle.remove();
  await jobs.cancelAll();
  await rm(home, { recursive: true, force: true });
});

/** The File step's prepare job with `read`, as the screen starts it; its output folder once finished. */
async function prepareOnScreen(read: ReadSettings): Promise<string> {
  const { fileRef } = await files.register(inHome('members.txt'));
  const schema = await files.register(inHome('members-schema.json'));
  const reply = await router.handle(
    'jobs.prepare',
    { jobId: newJobId(), fileRef, read, schema: { kind: 'file', fileRef: schema.fileRef }, mapping: MAPPING },
    { transport: 'websocket' },
  );
  if (!reply.ok) throw new Error(`jobs.prepare failed: ${reply.error.message}`);
  const { jobId, outDir } = reply.value as { jobId: `j_${string}`; outDir: string };
  await jobs.settled(jobId);
  const last = events.filter((e): e is PrepareJobEvent => e.type === 'job' && e.kind === 'prepare' && e.jobId === jobId).at(-1);
  expect(last).toMatchObject({ phase: 'finished', summary: { status: 'completed' } });
  return outDir;
}

function prepareOnCommandLine(out: string, flags: string[]) {
  const args = ['prepare', inHome('members.txt'), ...flags, '--schema', inHome('members-schema.json'), '--mapping', inHome('members-map.json')];
  return runBundle(bundle.file, [...args, '--out', out, '--json']);
}

describe('xdm-loader prepare with read flags', () => {
  it('reads the export only with the flags: XDM dates from dd/MM/yyyy, codes with their leading zeros, the bad date rejected with its row', async () => {
    const without = await runInProcess([
      'prepare',
      inHome('members.txt'),
      '--schema',
      inHome('members-schema.json'),
      '--mapping',
      inHome('members-map.json'),
      '--out',
      inHome('out-detected'),
      '--json',
    ]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/column_[123]/);

    const run = prepareOnCommandLine(inHome('out-flags'), FLAGS);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { rowsRead: number; rowsWritten: number; rowsRejected: number; read: { chosen: ReadSettings } };
    expect(summary).toMatchObject({ rowsRead: 4, rowsWritten: 3, rowsRejected: 1 });
    // The flags built exactly the settings object the File step sends.
    expect(summary.read.chosen).toEqual(SETTINGS);
    expect(run.stderr).toContain('column "column_3": 1 sampled value(s) are not dates as dd/MM/yyyy (row 3)');

    const out = await partsOf(inHome('out-flags'));
    const records = Object.entries(out)
      .filter(([name]) => name.startsWith('part-'))
      .flatMap(([, text]) => text.trimEnd().split('\n'))
      .map((line) => JSON.parse(line) as { person: { name: { fullName: string }; birthDate: string }; identityMap: { CRMID: Array<{ id: string }> } });
    expect(records.map((r) => [r.person.name.fullName, r.identityMap.CRMID[0]?.id, r.person.birthDate])).toEqual([
      ['Smith; Jo', '00123', '1980-12-25'],
      ['Ng; Al', '04567', '1975-02-01'],
      ['Li; Cy', '00042', '2001-03-07'],
    ]);
    const [header, reject] = (out['rejects.csv'] ?? '').trimEnd().split('\n');
    expect(header).toMatch(/^_row,_line,/);
    expect(reject).toMatch(/^3,3,/);
    expect(reject).toContain('31/02/1990');
  });

  it('writes byte for byte the parts and rejects of the File step given the same settings', async () => {
    const onScreen = await partsOf(await prepareOnScreen(SETTINGS));
    const run = prepareOnCommandLine(inHome('out-same'), FLAGS);
    expect(run.code).toBe(0);
    const onCommandLine = await partsOf(inHome('out-same'));
    expect(Object.keys(onCommandLine).sort()).toEqual(Object.keys(onScreen).sort());
    expect(Object.keys(onCommandLine).length).toBeGreaterThan(1);
    expect(onCommandLine).toEqual(onScreen);
  }, 60_000);
});

describe('xdm-loader suggest with read flags', () => {
  it('suggests for the columns the File step reads with the same settings, exactly as mapping.suggest does', async () => {
    const run = await runInProcess(['suggest', inHome('members.txt'), ...FLAGS, '--schema', inHome('members-schema.json'), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const onCommandLine = JSON.parse(run.stdout) as { suggestions: Array<{ column: string }>; mapping: MappingFile; read: { chosen: ReadSettings } };
    expect(onCommandLine.suggestions.map((s) => s.column)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(onCommandLine.read.chosen).toEqual(SETTINGS);

    const { fileRef } = await files.register(inHome('members.txt'));
    const schema = await files.register(inHome('members-schema.json'));
    const reply = await router.handle(
      'mapping.suggest',
      { fileRef, read: SETTINGS, schema: { kind: 'file', fileRef: schema.fileRef } },
      { transport: 'websocket' },
    );
    if (!reply.ok) throw new Error(`mapping.suggest failed: ${reply.error.message}`);
    const onScreen = reply.value as { suggestions: unknown; mapping: unknown };
    expect({ suggestions: onCommandLine.suggestions, mapping: onCommandLine.mapping }).toEqual(onScreen);
  });
});
