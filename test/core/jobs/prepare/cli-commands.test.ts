import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { register as registerPrepare } from '../../../../src-main/cli/commands/prepare';
import { register as registerSuggest } from '../../../../src-main/cli/commands/suggest';
import type { CliContext } from '../../../../src-main/cli/context';
import { PROFILE_CLASS, standardProfileFieldGroups } from '../../../../src-main/core/xdm/standard-library';
import { customerColumns, tempDir } from './fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function context(): { ctx: CliContext; out: () => string } {
  let text = '';
  const sink = { write: (t: string) => (text += t) };
  return { ctx: { out: sink, err: sink, version: 't', env: {}, width: 200, dataDir: () => '/nonexistent' }, out: () => text };
}

async function run(args: string[], ctx: CliContext): Promise<void> {
  const program = new Command().exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerSuggest(program, ctx);
  registerPrepare(program, ctx);
  await program.parseAsync(args, { from: 'user' });
}

async function setup(): Promise<{ dir: string; csv: string; schema: string }> {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  const rows = [
    ['c1', 'Ada', 'Lovelace', 'ada@example.com', '+44 1', '1815-12-10', '120', '10.5', 'yes', '2024-03-01T10:00:00Z', 'London', '12 Sq', 'SW1', 'UK', ''],
    ['c2', 'Bob', 'Byte', 'bob@example.com', '+44 2', 'soon', '5', '1', 'no', '2024-03-01T10:00:00Z', 'Leeds', '1 Rd', 'LS1', 'UK', 'late'],
  ];
  const csv = path.join(t.dir, 'customers.csv');
  await writeFile(csv, `${Papa.unparse([customerColumns, ...rows], { newline: '\n' })}\n`);
  const schema = path.join(t.dir, 'schema.json');
  await writeFile(schema, JSON.stringify({ class: PROFILE_CLASS, fieldGroups: standardProfileFieldGroups, title: 'Customers' }));
  return { dir: t.dir, csv, schema };
}

describe('suggest and prepare commands', () => {
  it('suggests a mapping, writes it, then prepares the file with it', async () => {
    const { dir, csv, schema } = await setup();
    const map = path.join(dir, 'map.json');
    const s = context();
    await run(['suggest', csv, '--schema', schema, '--out', map], s.ctx);
    expect(s.out()).toMatch(/first_name\s+person\.name\.firstName/);
    const mapping = JSON.parse(await readFile(map, 'utf8')) as { rules: unknown[]; identities: unknown[] };
    expect(mapping.rules.length).toBeGreaterThan(8);
    expect(mapping.identities.length).toBeGreaterThan(0);

    const p = context();
    await run(['prepare', csv, '--schema', schema, '--mapping', map, '--out', path.join(dir, 'out'), '--json'], p.ctx);
    const summary = JSON.parse(p.out()) as { rowsRead: number; rowsWritten: number; rowsRejected: number; issuesByField: Record<string, unknown> };
    expect(summary).toMatchObject({ rowsRead: 2, rowsWritten: 1, rowsRejected: 1 });
    expect(summary.issuesByField['person.birthDate']).toEqual({ 'invalid-date': 1 });

    const strict = context();
    await expect(run(['prepare', csv, '--schema', schema, '--mapping', map, '--out', path.join(dir, 'out2'), '--strict'], strict.ctx)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('1 row(s) rejected'),
    });
    expect(strict.out()).toMatch(/Rows rejected\s+1/);
  }, 60_000);

  it('takes a thread count, and refuses one that is not a whole number from 1', async () => {
    const { dir, csv, schema } = await setup();
    const map = path.join(dir, 'map.json');
    await run(['suggest', csv, '--schema', schema, '--out', map], context().ctx);
    const one = context();
    await run(['prepare', csv, '--schema', schema, '--mapping', map, '--out', path.join(dir, 'one'), '--threads', '1', '--json'], one.ctx);
    expect(JSON.parse(one.out())).toMatchObject({ rowsRead: 2, rowsWritten: 1, rowsRejected: 1 });
    for (const bad of ['0', '1.5', 'many'])
      await expect(run(['prepare', csv, '--schema', schema, '--mapping', map, '--out', dir, '--threads', bad], context().ctx)).rejects.toMatchObject({
        code: 'commander.invalidArgument',
      });
  }, 60_000);

  it('refuses an unknown part format', async () => {
    const { dir, csv, schema } = await setup();
    await expect(run(['prepare', csv, '--schema', schema, '--mapping', 'm.json', '--out', dir, '--format', 'xml'], context().ctx)).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
  });
});
