import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileInspection } from '../../src-shared/domain/inspection';
import type { ReadSettings } from '../../src-shared/domain/read-settings';
import { readFlagsText } from '../../src-main/cli/read-options';
import { createDrafts, fingerprintFile } from '../../src-main/core/drafts/index';
import { silentLogger } from '../../src-main/core/platform/logger';
import { buildCliBundle, repoRoot, runBundle, runInProcess } from './cli-harness';

/**
 * The File step's read settings on the command line (issue 16 item 2's leftover): every command
 * that reads a source file takes them as flags, builds the screen's ReadSettings from them, and
 * refuses a bad value with exit code 2 and a message naming the flag.
 *
 * Two ways in: `cli` spawns the bundled CLI, for what only the shipped file shows (it starts,
 * reads the flags from a real argv and a shell, sets the exit code from runCli's, reads the
 * data folder of XDM_LOADER_HOME); `run` calls runCli in this process, as main.ts does, for the
 * many flag values and messages. Why: a spawn costs half a second of CPU, and one per value made
 * this file the heaviest of test:fast; runCli in-process is the same code with the same width.
 */

let bundle: { file: string; remove(): void };
let home: string;
const cli = (args: string[], env: Record<string, string> = {}) => runBundle(bundle.file, args, env);
const run = (args: string[], dataDir?: string) => runInProcess(args, 120, dataDir === undefined ? {} : { dataDir: () => dataDir });

/** A semicolon export, quoted with ', without a header: name; member code (leading zeros); dd/MM/yyyy date. */
const EXPORT = ["'Smith; Jo';00123;25/12/2023", "'Ng; Al';04567;01/02/2024", "'Ruiz; Bo';89012;31/02/2024", "'Li; Cy';00042;07/03/2024"].join('\n');
const EXPORT_FLAGS = ['--delimiter', ';', '--quote', "'", '--no-header'];

beforeAll(async () => {
  bundle = await buildCliBundle();
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-read-flags-'));
  await writeFile(path.join(home, 'export.txt'), `${EXPORT}\n`);
  await writeFile(path.join(home, 'people.json'), '[{"a":1}]\n');
});
afterAll(async () => {
  bundle.remove();
  await rm(home, { recursive: true, force: true });
});

const file = (name: string) => path.join(home, name);

describe('inspect with read flags', () => {
  it("reads a semicolon file quoted with ' and without a header only with the flags, and reports them as used", () => {
    const detected = FileInspection.parse(JSON.parse(cli(['inspect', file('export.txt'), '--json']).stdout));
    expect(detected.rows[0]).not.toEqual(['Smith; Jo', '00123', '25/12/2023']);

    const flagged = cli(['inspect', file('export.txt'), ...EXPORT_FLAGS, '--date-format', 'column_3=dd/MM/yyyy', '--json']);
    expect(flagged.stderr).toBe('');
    expect(flagged.code).toBe(0);
    const output = JSON.parse(flagged.stdout) as { read: unknown };
    const inspection = FileInspection.parse(output);
    expect(inspection).toMatchObject({ delimiter: ';', quote: "'", hasHeader: false, totalRows: 4 });
    expect(inspection.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(inspection.rows[0]).toEqual(['Smith; Jo', '00123', '25/12/2023']);
    expect(inspection.columns[2]).toMatchObject({ type: 'date', dateFormat: 'dd/MM/yyyy', chosen: true, invalid: { count: 1, rows: [3] } });
    expect(output.read).toEqual({
      delimiter: ';',
      quote: "'",
      hasHeader: false,
      encoding: 'utf-8',
      columns: { column_3: { dateFormat: 'dd/MM/yyyy' } },
      chosen: { delimiter: ';', quote: "'", hasHeader: false, columns: { column_3: { dateFormat: 'dd/MM/yyyy' } } },
    });
  });

  it('takes "tab" and any single character as a delimiter', async () => {
    const tabbed = await run(['inspect', file('export.txt'), '--delimiter', 'tab', '--json']);
    expect(JSON.parse(tabbed.stdout)).toMatchObject({ delimiter: '\t', read: { chosen: { delimiter: '\t' } } });
    const colon = await run(['inspect', file('export.txt'), '--delimiter', ':', '--json']);
    expect(JSON.parse(colon.stdout)).toMatchObject({ delimiter: ':' });
  });

  it('shows the chosen date format and the rows that do not fit it', async () => {
    const shown = await run(['inspect', file('export.txt'), ...EXPORT_FLAGS, '--date-format', 'column_3=dd/MM/yyyy']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/column_3\s+date \(dd\/MM\/yyyy\), chosen\s+0%\s+1 \(row 3\)/);
  });

  it.each([
    [['--delimiter', ';;'], /option '--delimiter <char>' argument ';;' is invalid/],
    [['--delimiter', ''], /option '--delimiter <char>' argument '' is invalid/],
    [['--delimiter', '\n'], /argument '\n' is invalid. .*cannot be a line break/],
    [['--delimiter', '\uFEFF'], /cannot be a line break, a double quote or a byte order mark/],
    [['--quote', '`'], /option '--quote <char>' argument '`' is invalid/],
    [['--delimiter', "'", '--quote', "'"], /option '--delimiter' is "'", the quote character too/],
    [['--column-type', 'column_2'], /option '--column-type <column=type>' argument 'column_2' is invalid. expected COLUMN=TYPE/],
    [['--column-type', 'column_2=text'], /"text" is not a type; expected one of string, integer/],
    [['--date-format', 'column_3=yyyy'], /option '--date-format <column=format>' argument 'column_3=yyyy' is invalid/],
    [['--encoding', 'ebcdic'], /option '--encoding <encoding>' argument 'ebcdic' is invalid/],
    [
      [...EXPORT_FLAGS, '--column-type', 'member=string'],
      /option '--column-type' names column "member", which the file does not have; its columns are "column_1", "column_2", "column_3"/,
    ],
    [[...EXPORT_FLAGS, '--date-format', 'joined=dd/MM/yyyy'], /option '--date-format' names column "joined"/],
  ])('refuses %j with exit code 2 and a message naming the flag', async (flags, message) => {
    const refused = await run(['inspect', file('export.txt'), ...flags]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(message);
  });

  // Through the bundle: the shipped file's exit code is 2 when runCli refuses a flag.
  it('refuses a delimited-file flag on a JSON file instead of ignoring it', () => {
    const refused = cli(['inspect', file('people.json'), '--no-header']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/option '--header\/--no-header' applies to CSV\/TSV files only; this file is json/);
  });

  it('explains the flags, their precedence and an example in the help', async () => {
    const help = await run(['inspect', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--delimiter <char>',
      '--quote <char>',
      '--header',
      '--no-header',
      '--encoding',
      '--column-type <column=type>',
      '--date-format <column=format>',
    ])
      expect(help.stdout).toContain(flag);
    expect(help.stdout).toContain('each flag given wins over the same setting of the draft');
    expect(help.stdout).toMatch(/\$ xdm-loader inspect .*--delimiter/);
  });
});

describe('the read settings as flags again (the prepare line schema create prints)', () => {
  it('reads back through a shell as the same settings', () => {
    const settings: ReadSettings = {
      delimiter: ';',
      quote: "'",
      hasHeader: false,
      encoding: 'utf-8',
      columns: { column_2: { type: 'string' }, column_3: { dateFormat: 'dd/MM/yyyy' } },
    };
    const flags = readFlagsText(settings);
    expect(flags).toBe(" --delimiter ';' --quote ''\\''' --no-header --encoding utf-8 --column-type 'column_2=string' --date-format 'column_3=dd/MM/yyyy'");
    const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${bundle.file}" inspect "${file('export.txt')}"${flags} --json`], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(shell.stderr).toBe('');
    expect((JSON.parse(shell.stdout) as { read: { chosen: ReadSettings } }).read.chosen).toEqual(settings);
    expect(readFlagsText({ delimiter: '\t' })).toBe(' --delimiter tab');
  });
});

describe('--draft: the read settings of the file kept by the app, under the flags', () => {
  const draftOf = (read: ReadSettings) => ({ schema: null, rules: [], identities: [], outputFormat: 'json' as const, read, step: 'file' as const });
  const fromDraft: ReadSettings = { delimiter: ';', quote: "'", hasHeader: false, columns: { column_3: { dateFormat: 'dd/MM/yyyy' } } };

  it('reads as the draft says, each flag given winning over its setting; no draft or a changed file is refused', async () => {
    const data = path.join(home, 'data');
    const env = { XDM_LOADER_HOME: data };
    const drafted = file('drafted.txt');
    await writeFile(drafted, `${EXPORT}\n`);
    await createDrafts(data, silentLogger).store.save(path.resolve(drafted), await fingerprintFile(drafted), draftOf(fromDraft));

    const asDrafted = cli(['inspect', drafted, '--draft', '--json'], env);
    expect(asDrafted.stderr).toBe('');
    const output = JSON.parse(asDrafted.stdout) as FileInspection & { read: { chosen: ReadSettings; draftSavedAt?: string } };
    expect(output).toMatchObject({ delimiter: ';', quote: "'", hasHeader: false });
    expect(output.rows[0]).toEqual(['Smith; Jo', '00123', '25/12/2023']);
    expect(output.read.chosen).toEqual(fromDraft);
    expect(output.read.draftSavedAt).toEqual(expect.any(String));

    // The rest in-process, with the same data folder.
    const overridden = JSON.parse((await run(['inspect', drafted, '--draft', '--column-type', 'column_3=string', '--json'], data)).stdout) as typeof output;
    expect(overridden.read.chosen).toEqual({ ...fromDraft, columns: { column_3: { type: 'string' } } });
    expect(overridden.columns[2]).toMatchObject({ name: 'column_3', type: 'string', chosen: true });

    const none = await run(['inspect', file('export.txt'), '--draft'], data);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--draft: the app keeps no draft of .*export\.txt/);

    await writeFile(drafted, `${EXPORT}\n'Ko; Di';00777;08/03/2024\n`);
    const changed = await run(['inspect', drafted, '--draft'], data);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/--draft: .*drafted\.txt changed since its draft was saved/);
  });
});
