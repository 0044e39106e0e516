import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// The type-aware rules run in oxlint (`npm run lint:types`, .oxlintrc.json), not in ESLint: these
// probes prove the configuration reports what typescript-eslint reported before the move, and
// accepts what it accepted (`void`, a `default:`, a rejection handler).
const root = path.resolve(import.meta.dirname, '../..');
const oxlint = path.join(root, 'node_modules/oxlint/bin/oxlint');

// Each line a rule must report ends with a comment naming the rule; every other line must pass.
const probe = `type Kind = 'a' | 'b' | 'c';
async function load(): Promise<number> {
  return 1;
}
export function floating(): void {
  load(); // no-floating-promises
}
export function voided(): void {
  void load();
}
export function thenWithoutCatch(): void {
  load().then(() => undefined); // no-floating-promises
}
export function handled(): void {
  load().then(
    () => undefined,
    () => undefined,
  );
}
export function caught(): void {
  load().catch(() => undefined);
}
export function array(): void {
  [load(), load()]; // no-floating-promises
}
export function iife(): void {
  (async () => { // no-floating-promises
    await load();
  })();
}
export function missing(k: Kind): number {
  switch (k) { // switch-exhaustiveness-check
    case 'a':
      return 1;
    case 'b':
      return 2;
  }
  return 0;
}
export function withDefault(k: Kind): number {
  switch (k) {
    case 'a':
      return 1;
    default:
      return 0;
  }
}
export function every(k: Kind): number {
  switch (k) {
    case 'a':
      return 1;
    case 'b':
      return 2;
    case 'c':
      return 3;
  }
}
`;

const oxlintReport = z.object({
  diagnostics: z.array(
    z.object({
      code: z.string(),
      labels: z.array(z.object({ span: z.object({ line: z.number() }) })).min(1),
    }),
  ),
});

/** `line rule` for each line of `code` that ends with a comment naming a rule. */
function expectedFindings(code: string): string[] {
  return code
    .split('\n')
    .flatMap((line, index) => {
      const rule = /\/\/ ([a-z-]+)$/.exec(line)?.[1];
      return rule ? [`${index + 1} typescript(${rule})`] : [];
    })
    .sort();
}

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xdm-type-aware-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run lint:types`'s oxlint on `code` saved as `name` and returns `line rule` per finding. */
async function findings(name: string, code: string): Promise<string[]> {
  const file = path.join(dir, name);
  await writeFile(file, code);
  const run = await promisify(execFile)(process.execPath, [oxlint, '--type-aware', '-c', path.join(root, '.oxlintrc.json'), '-f', 'json', file], {
    cwd: root,
  }).catch((error: unknown) => {
    // oxlint exits with 1 when it reports an error; its report is on stdout all the same.
    const failed = z.object({ code: z.literal(1), stdout: z.string() }).safeParse(error);
    if (failed.success) return failed.data;
    throw error;
  });
  const report = oxlintReport.parse(JSON.parse(run.stdout));
  return report.diagnostics.map((d) => `${d.labels[0]?.span.line} ${d.code}`).sort();
}

describe('type-aware lint rules (oxlint --type-aware)', () => {
  it('reports floating promises and non-exhaustive switches, and accepts void, a rejection handler and a default', async () => {
    const expected = expectedFindings(probe);
    expect(expected).toHaveLength(5);
    expect(await findings('probe.ts', probe)).toEqual(expected);
  });

  it('checks TSX files too', async () => {
    const tsx = `${probe}export function View() {\n  return <p>{String(load())}</p>;\n}\n`;
    expect(await findings('probe.tsx', tsx)).toEqual(expectedFindings(probe));
  });
});
