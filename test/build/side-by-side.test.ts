/**
 * The runner behind `npm run checks` and `npm test` (scripts/side-by-side.mjs): parts run at the
 * same time, each one's output comes out whole, a failure is reported without stopping the others,
 * and a background part runs at a lower CPU priority that its own children inherit.
 */
import { getPriority } from 'node:os';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runPart, summary } from '../../scripts/side-by-side.mjs';

/** A part that runs `code` in a fresh Node. */
function node(name: string, code: string, extra: { live?: boolean; background?: boolean } = {}) {
  return { name, command: process.execPath, args: ['-e', code], ...extra };
}

function collect(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Prints `label` lines one at a time, 20 ms apart, so two such parts would interleave if streamed. */
const slowLines = (label: string) => `let i = 0; const t = setInterval(() => { console.log('${label} ' + i); if (++i === 5) clearInterval(t); }, 20);`;

describe('runPart', () => {
  it('prints each part whole when it ends, even when two run at the same time', async () => {
    const { out, text } = collect();
    const outcomes = await Promise.all([runPart(node('first', slowLines('a')), out), runPart(node('second', slowLines('b')), out)]);
    expect(outcomes.map((o) => o.passed)).toEqual([true, true]);
    const blocks = text()
      .split(/^ok /m)
      .filter(Boolean)
      .map((block) => block.split('\n').slice(1, 6).join(','));
    expect(blocks.sort()).toEqual(['a 0,a 1,a 2,a 3,a 4', 'b 0,b 1,b 2,b 3,b 4']);
  });

  it('reports a failed part with its output, and the summary fails', async () => {
    const { out, text } = collect();
    const outcomes = await Promise.all([
      runPart(node('breaks', "console.error('expected 1 to be 2'); process.exit(3)"), out),
      runPart(node('holds', "console.log('fine')"), out),
    ]);
    expect(text()).toMatch(/^FAILED breaks \([\d.]+ s\)\nexpected 1 to be 2\n/m);
    expect(text()).toMatch(/^ok holds \([\d.]+ s\)\nfine\n/m);
    const { text: lines, passed } = summary(outcomes);
    expect(passed).toBe(false);
    expect(lines).toMatch(/FAILED breaks/);
    expect(lines).toMatch(/ok {5}holds/);
  });

  it('counts a command that cannot start as a failed part, saying why', async () => {
    const { out, text } = collect();
    const outcome = await runPart({ name: 'missing', command: 'xdm-no-such-command', args: [] }, out);
    expect(outcome.passed).toBe(false);
    expect(text()).toMatch(/FAILED missing[\s\S]*ENOENT/);
  });

  it.skipIf(process.platform === 'win32')('runs a background part, and what it starts, at a lower CPU priority', async () => {
    const { out, text } = collect();
    // The part starts a child of its own after a moment, as npm starts Vitest, which starts forks.
    const code =
      "const os = require('node:os'); const { execFileSync } = require('node:child_process');" +
      "setTimeout(() => { console.log('self ' + os.getPriority()); console.log('child ' + execFileSync(process.execPath, ['-p', 'require(\"node:os\").getPriority()']).toString().trim()); }, 200);";
    await Promise.all([runPart(node('low', code, { background: true }), out), runPart(node('normal', code), out)]);
    const low = /ok low[^\n]*\nself (-?\d+)\nchild (-?\d+)/.exec(text());
    const normal = /ok normal[^\n]*\nself (-?\d+)\nchild (-?\d+)/.exec(text());
    // Absolute nice values: a part's priority is set, not added to, so it is 10 even when the test runs niced.
    expect(low?.slice(1).map(Number)).toEqual([10, 10]);
    expect(normal?.slice(1).map(Number)).toEqual([getPriority(), getPriority()]);
  });

  it('prints a live part line by line as it comes', async () => {
    const { out, text } = collect();
    const seen: string[] = [];
    out.on('data', (chunk: Buffer) => seen.push(chunk.toString('utf8')));
    await runPart(node('live', slowLines('c'), { live: true }), out);
    expect(seen.slice(0, 5)).toEqual(['c 0\n', 'c 1\n', 'c 2\n', 'c 3\n', 'c 4\n']);
    expect(text()).toMatch(/ok live \([\d.]+ s\)\n$/);
  });
});
