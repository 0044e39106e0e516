import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerMapping, customerSchema, tempDir } from '../core/jobs/prepare/fixtures';
import { hostileInputs, type HostileInput } from './hostile-corpus';
import { buildPrepareBundle, spawnPrepare } from './prepare-child';

/**
 * The "Done when" of issue 17 over every hostile input class at once: `xdm-loader prepare`, in a
 * fresh process each, ends (no hang) with exit 0 or 1 (never "internal error"), under 400 MB of
 * peak memory, and either prepared every row (read = written + rejected, summary completed) or
 * stopped with one line naming the file and the cause, leaving no summary that says completed.
 */

const RSS_LIMIT = 400 * 1024 * 1024;
/** Far above any of these inputs' time on a loaded machine; a hang runs into it. */
const RUN_LIMIT_MS = 150_000;

let work: { dir: string; cleanup: () => Promise<void> };
let schema: string;
let mapping: string;
let bundle: { file: string; remove(): void };
beforeAll(async () => {
  [work, bundle] = await Promise.all([tempDir(), buildPrepareBundle()]);
  schema = path.join(work.dir, 'schema.json');
  mapping = path.join(work.dir, 'map.json');
  const rules = customerMapping.rules.filter((r) => r.source.kind === 'column' && ['customer_id', 'first_name'].includes(r.source.column));
  await Promise.all([writeFile(schema, JSON.stringify(customerSchema.schema)), writeFile(mapping, JSON.stringify({ ...customerMapping, rules }))]);
});
afterAll(async () => {
  bundle.remove();
  await work.cleanup();
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  peakRss: number;
}

async function prepare(input: HostileInput): Promise<{ run: Run; file: string; out: string }> {
  const dir = path.join(work.dir, input.name.replace(/\W/g, '-'));
  await mkdir(dir, { recursive: true });
  const file = await input.write(dir);
  const out = path.join(dir, 'out');
  const rssFile = path.join(dir, 'peak-rss');
  const run = spawnPrepare(bundle.file, [file, '--schema', schema, '--mapping', mapping, '--out', out, '--json'], { XDM_PEAK_RSS_FILE: rssFile });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    run.child.kill('SIGKILL');
  }, RUN_LIMIT_MS);
  const { code, signal, stdout, stderr } = await run.exit;
  clearTimeout(timer);
  const peakRss = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN'));
  return { run: { code, signal, timedOut, stdout, stderr, peakRss }, file, out };
}

interface Summary {
  status: string;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
}

describe('every hostile input, through xdm-loader prepare', () => {
  it.each(hostileInputs.map((input) => [input.name, input] as const))(
    '%s: ends with its one outcome, no internal error, under 400 MB',
    async (_name, input) => {
      const { run, file, out } = await prepare(input);
      const said = `exit ${String(run.code)} ${String(run.signal)}\n${run.stderr}`;
      expect(run.timedOut, said).toBe(false);
      expect(run.stderr, said).not.toMatch(/internal error/i);
      expect(run.peakRss, said).toBeLessThan(RSS_LIMIT);
      const saved = await readFile(path.join(out, 'summary.json'), 'utf8').then(
        (t) => JSON.parse(t) as Summary,
        () => undefined,
      );
      if (input.outcome === 'prepared') {
        expect(run.code, said).toBe(0);
        const summary = JSON.parse(run.stdout) as Summary;
        expect(summary.status).toBe('completed');
        expect(summary.rowsRead).toBe(summary.rowsWritten + summary.rowsRejected);
        expect(saved).toMatchObject({ status: 'completed', rowsRead: summary.rowsRead });
        return;
      }
      expect(run.code, said).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines, said).toHaveLength(1);
      expect(lines[0]).toContain(path.basename(file));
      if (input.says) expect(lines[0]).toMatch(input.says);
      expect(saved?.status).not.toBe('completed');
    },
    RUN_LIMIT_MS + 30_000,
  );
});
