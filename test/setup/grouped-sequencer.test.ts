import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { environmentOf, GroupedSequencer } from './grouped-sequencer';

const root = path.resolve(import.meta.dirname, '..', '..');

// Real files, so that their docblocks are read: two component tests (jsdom) and node files.
const JSDOM_A = 'test/renderer/failure-details.test.tsx';
const JSDOM_B = 'test/renderer/batches-store.test.tsx';
const NODE_FILES = [
  'test/renderer/json-pointer.test.ts',
  'test/ipc/handlers.test.ts',
  'test/cli/stream.test.ts',
  'test/core/sources/row-reader.test.ts',
  'test/sandbox/registry-accept.test.ts',
  'test/web/websocket-bridge.test.ts',
];

/** A specification as the sequencer reads it: the project's name and options, and the file. */
function spec(project: string, file: string): TestSpecification {
  return {
    project: { name: project, config: { sequence: { groupOrder: 0 }, isolate: project !== 'fast', environment: 'node' } },
    moduleId: path.join(root, file),
  } as unknown as TestSpecification;
}

/** A sequencer that knows each file's last duration, and shuffles when given a seed. */
function sequencer(durations: Record<string, number>, shuffleSeed?: number): GroupedSequencer {
  const ctx = {
    config: { root, sequence: { shuffle: shuffleSeed !== undefined, seed: shuffleSeed ?? 0 } },
    cache: {
      getFileTestResults: (key: string) => {
        const duration = durations[key.slice(key.indexOf(':') + 1)];
        return duration === undefined ? undefined : { duration, failed: false };
      },
      getFileStats: () => ({ size: 1 }),
    },
  };
  return new GroupedSequencer(ctx as unknown as Vitest);
}

const order = (specs: TestSpecification[]): string[] => specs.map((s) => `${s.project.name}:${path.relative(root, s.moduleId)}`);

/** The runs of consecutive files with the same project and environment, as `project:environment`. */
function runs(specs: TestSpecification[]): string[] {
  const keys = specs.map((s) => `${s.project.name}:${environmentOf(s)}`);
  return keys.filter((key, i) => key !== keys[i - 1]);
}

describe('GroupedSequencer', () => {
  it("reads a file's environment from its docblock, else its project's", () => {
    expect(environmentOf(spec('fast', JSDOM_A))).toBe('jsdom');
    expect(environmentOf(spec('fast', NODE_FILES[0] ?? ''))).toBe('node');
  });

  it('keeps the jsdom files together, then the node files, each longest first, where durations alone would mix them', async () => {
    const files = [
      spec('fast', NODE_FILES[0] ?? ''),
      spec('fast', JSDOM_A),
      spec('fast', NODE_FILES[1] ?? ''),
      spec('fast', JSDOM_B),
      spec('fast-isolated', 'test/app/security.test.ts'),
      spec('fast', NODE_FILES[2] ?? ''),
    ];
    const durations = {
      [NODE_FILES[0] ?? '']: 50,
      [JSDOM_A]: 40,
      [NODE_FILES[1] ?? '']: 30,
      [JSDOM_B]: 20,
      [NODE_FILES[2] ?? '']: 10,
      'test/app/security.test.ts': 60,
    };
    expect(order(await sequencer(durations).sort(files))).toEqual([
      `fast:${JSDOM_A}`,
      `fast:${JSDOM_B}`,
      `fast:${NODE_FILES[0]}`,
      `fast:${NODE_FILES[1]}`,
      `fast:${NODE_FILES[2]}`,
      'fast-isolated:test/app/security.test.ts',
    ]);
  });

  it('shuffles the files within each group when asked, the same way for the same seed', async () => {
    const files = [...NODE_FILES.map((file) => spec('fast', file)), spec('fast', JSDOM_A), spec('fast', JSDOM_B), spec('slow', 'test/cli/upload.test.ts')];
    const orders = await Promise.all([1, 2, 3, 4, 5].map(async (seed) => order(await sequencer({}, seed).sort(files))));
    for (const [i, seed] of [1, 2, 3, 4, 5].entries()) {
      const sorted = await sequencer({}, seed).sort(files);
      expect(runs(sorted)).toEqual(['fast:jsdom', 'fast:node', 'slow:node']);
      expect(order(sorted)).toEqual(orders[i]);
    }
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1);
  });
});
