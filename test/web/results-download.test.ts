import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../src-shared/ipc/handlers';
import { ResultOpened } from '../../src-shared/ipc/requests/results';
import type { RequestContext } from '../../src-main/ipc/context';
import { DownloadTickets } from '../../src-main/ipc/download-tickets';
import { EventHub } from '../../src-main/ipc/event-hub';
import { resultHandlers } from '../../src-main/ipc/handlers/results';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createRouter } from '../../src-main/ipc/router';
import { createWebServer, type WebServer } from '../../src-main/web/server';
import { unhandledRequests } from '../ipc/unhandled-requests';
import { makeRendererDir, rawRequest } from './helpers';

/**
 * `results.open` and the host's `GET /results/TICKET`: a job's file is shown in its folder by the
 * desktop app and served once to browser mode's page, and nothing outside a job folder is either.
 */
let base: string;
let dataDir: string;
let jobDir: string;
let server: WebServer;
let revealed: string[];
let router: ReturnType<typeof createRouter<RequestContext>>;

beforeEach(async () => {
  const dirs = await makeRendererDir();
  base = dirs.base;
  dataDir = dirs.dataDir;
  jobDir = path.join(dataDir, 'jobs', '2026-12-07T04-00-00-000Z-customers.csv');
  await mkdir(path.join(jobDir, 'failed-b1'), { recursive: true });
  await writeFile(path.join(jobDir, 'rejects.csv'), 'row,reason\n3,bad email\n');
  await writeFile(path.join(jobDir, 'failed-b1', 'records.json'), '{"a":1}\n');
  await writeFile(path.join(dataDir, 'settings.json'), '{"secret":true}');
  await symlink(path.join(dataDir, 'settings.json'), path.join(jobDir, 'escape.json'));
  revealed = [];
  const downloads = new DownloadTickets();
  const handlers: Handlers<RequestContext> = {
    ...unhandledRequests<RequestContext>(),
    ...resultHandlers({ dataDir, downloads, revealInFolder: (p) => revealed.push(p) }),
  };
  router = createRouter(handlers, { logError: () => undefined });
  server = await createWebServer({
    services: { router, events: new EventHub(), files: new FileRegistry(), dataDir, downloads },
    rendererDir: dirs.rendererDir,
    port: 0,
  });
});

afterEach(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

const web: RequestContext = { transport: 'websocket' };
const desktop: RequestContext = { transport: 'electron' };

async function link(file: string): Promise<string> {
  const envelope = await router.handle('results.open', { folder: jobDir, file }, web);
  if (!envelope.ok) throw new Error(envelope.error.message);
  const opened = ResultOpened.parse(envelope.value);
  if (opened.action !== 'download') throw new Error('expected a download');
  return opened.url;
}

describe('results.open', () => {
  it('shows the file in its folder in the desktop app', async () => {
    const envelope = await router.handle('results.open', { folder: jobDir, file: 'rejects.csv' }, desktop);
    expect(envelope).toEqual({ ok: true, value: { action: 'shown', path: path.join(jobDir, 'rejects.csv') } });
    expect(revealed).toEqual([path.join(jobDir, 'rejects.csv')]);
  });

  it('serves a file once to browser mode, as an attachment named after it', async () => {
    const url = await link('failed-b1/records.json');
    const response = await fetch(`${server.origin}${url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('filename="records.json"');
    expect(await response.text()).toBe('{"a":1}\n');
    expect((await fetch(`${server.origin}${url}`)).status).toBe(404);
  });

  it.each([
    ['a folder outside the jobs folder', () => ({ folder: dataDir, file: 'settings.json' })],
    ['a path out of the job folder', () => ({ folder: jobDir, file: '../../settings.json' })],
    ['a link out of the job folder', () => ({ folder: jobDir, file: 'escape.json' })],
    ['the jobs folder itself', () => ({ folder: path.join(dataDir, 'jobs'), file: '../settings.json' })],
  ])('refuses %s', async (_label, input) => {
    for (const ctx of [web, desktop]) {
      const envelope = await router.handle('results.open', input(), ctx);
      expect(envelope.ok).toBe(false);
    }
    expect(revealed).toEqual([]);
  });

  it('refuses a ticket from a foreign page and an unknown ticket', async () => {
    const url = await link('rejects.csv');
    const foreign = await rawRequest(server.port, { path: url, headers: { host: `127.0.0.1:${server.port}`, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const crossSite = await rawRequest(server.port, { path: url, headers: { host: `127.0.0.1:${server.port}`, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await fetch(`${server.origin}/results/not-a-ticket`)).status).toBe(404);
    // Neither refusal used the ticket up.
    expect((await fetch(`${server.origin}${url}`)).status).toBe(200);
  });
});
