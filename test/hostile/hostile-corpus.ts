import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../cli/cli-harness';
import { goodRecord, writeLarge } from './large-files';

/**
 * One file of every hostile class issue 17 names, and of those handled before it, each with the
 * one outcome it must have: `prepared` (every row written or rejected with its reason) or
 * `stopped` (one line naming the cause and the file, nothing that looks complete).
 * Why generated per run and small where the class allows: they are all prepared in fresh
 * processes in one test, whose point is the same rules for every class (no hang, no "internal
 * error", bounded memory), not the class's own details (its own test file has those).
 */
export interface HostileInput {
  name: string;
  /** Writes the input file (named `name`) into `dir`; returns its path. */
  write(dir: string): Promise<string>;
  outcome: 'prepared' | 'stopped';
  /** What the stop's line must say besides the file's name. */
  says?: RegExp;
}

/** The columns every text input has, so the mapping of the sweep fits them. */
const HEADER = 'customer_id,first_name';
const rows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `c${i + from},Name${i + from}`).join('\n');

const text = (name: string, content: string | Buffer, outcome: HostileInput['outcome'], says?: RegExp): HostileInput => ({
  name,
  write: async (dir) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  },
  outcome,
  ...(says ? { says } : {}),
});

/** 2 MiB of UTF-8 rows, then a Latin-1 name: the head reads as UTF-8, the byte after it does not. */
function latin1AfterHead(): Buffer {
  const head = `${HEADER}\n${rows(90_000)}\n`;
  return Buffer.concat([Buffer.from(head), Buffer.from('c-late,Jos'), Buffer.from([0xe9]), Buffer.from('\n')]);
}

/** A JSON value nested `depth` deep: [[[...]]]. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

export const hostileInputs: readonly HostileInput[] = [
  text('empty.csv', '', 'stopped', /empty/),
  text('bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]), 'stopped', /byte order mark/),
  text('zip-named.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'stopped', /ZIP/),
  text('noise.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'stopped', /not a text or Parquet file/),
  {
    name: 'truncated.parquet',
    write: async (dir) => {
      const whole = await readFile(path.join(repoRoot, 'assets', 'samples', 'customers.parquet'));
      const file = path.join(dir, 'truncated.parquet');
      await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
      return file;
    },
    outcome: 'stopped',
    says: /Parquet/,
  },
  text('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n${rows(50)}\nc51,Zoë\n`, 'utf16le')]), 'prepared'),
  text('ragged.csv', `${HEADER}\n${rows(20)}\nc21\nc22,Name22,extra,cells\n${rows(5, 23)}\n`, 'prepared'),
  text(
    'wide.csv',
    `${HEADER},${Array.from({ length: 4998 }, (_, i) => `x${i}`).join(',')}\n${Array.from({ length: 20 }, (_, r) => `c${r},N${r},${'1,'.repeat(4997)}1`).join('\n')}\n`,
    'prepared',
  ),
  {
    name: 'long-line.csv',
    // One row of 17 M characters (beyond the 16 M row limit) between ordinary rows.
    write: async (dir) => {
      const file = path.join(dir, 'long-line.csv');
      await writeLarge(file, `${HEADER}\n${rows(10)}\nc-long,`, 'y', 17 * 1024 * 1024, `\n${rows(10, 11)}\n`);
      return file;
    },
    outcome: 'prepared',
  },
  text('unclosed-quote.csv', `${HEADER}\n${rows(5)}\nc6,"never closed\n${rows(5, 7)}\n`, 'stopped', /unclosed quote/),
  text(
    'proto-names.csv',
    `constructor,__proto__,toString,hasOwnProperty,valueOf,${HEADER}\n${Array.from({ length: 20 }, (_, i) => `a,b,c,d,e,c${i},N${i}`).join('\n')}\n`,
    'prepared',
  ),
  text('latin1-after-head.csv', latin1AfterHead(), 'stopped', /byte/),
  text(
    'bad-byte-in-head.csv',
    Buffer.concat([
      Buffer.from(`${HEADER}\nc1,Zo`),
      Buffer.from([0xc3, 0xab]),
      Buffer.from('\nc2,Bad'),
      Buffer.from([0xff]),
      Buffer.from(`\n${rows(20, 3)}\n`),
    ]),
    'stopped',
    /byte/,
  ),
  text('formulas.csv', `${HEADER},birth\nc1,=HYPERLINK("http://x"),1999-01-01\nc2,+cmd|' /C calc'!A0,not-a-date\nc3,@SUM(1+1),2000-01-01\n`, 'prepared'),
  text('no-identity.csv', `${HEADER}\nc1,Ada\n,Bob\n  ,Cy\n`, 'prepared'),
  text('deep.jsonl', `${goodRecord('c1')}\n{"customer_id":"c2","first_name":${nested(100_000)}}\n${goodRecord('c3')}\n`, 'stopped', /nest/),
  text('bad-line.jsonl', `${goodRecord('c1')}\n{"customer_id": "c2", oops}\n${goodRecord('c3')}\n`, 'stopped', /line 2/),
  text('not-object.jsonl', `${goodRecord('c1')}\n[1,2,3]\n${goodRecord('c3')}\n`, 'stopped', /line 2/),
  text('unclosed-array.json', `[${goodRecord('c1')},\n${goodRecord('c2')}\n`, 'stopped', /never closed|end/),
];
