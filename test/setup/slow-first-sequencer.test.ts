import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { SLOW_PROJECT, SlowFirstSequencer } from './slow-first-sequencer';

const root = '/repo';

/** A specification as BaseSequencer reads it: the project's name and options, and the file. */
function spec(project: string, file: string): TestSpecification {
  return {
    project: { name: project, config: { sequence: { groupOrder: 0 }, isolate: project !== 'fast' } },
    moduleId: path.join(root, file),
  } as unknown as TestSpecification;
}

/** A fresh clone: no durations known, the files' sizes as given. */
function sequencer(sizes: Record<string, number>): SlowFirstSequencer {
  const ctx = {
    config: { root },
    cache: {
      getFileTestResults: () => undefined,
      getFileStats: (key: string) => {
        const size = sizes[key.slice(key.indexOf(':') + 1)];
        return size === undefined ? undefined : { size };
      },
    },
  };
  return new SlowFirstSequencer(ctx as unknown as Vitest);
}

const order = (specs: TestSpecification[]): string[] => specs.map((s) => `${s.project.name}:${path.relative(root, s.moduleId)}`);

describe('SlowFirstSequencer', () => {
  it('starts the slow project before fast and fast-isolated, whose names sort first', async () => {
    const files = [spec('fast', 'test/a.test.ts'), spec('fast-isolated', 'test/app/b.test.ts'), spec(SLOW_PROJECT, 'test/hostile/sweep.test.ts')];
    const sizes = { 'test/a.test.ts': 10, 'test/app/b.test.ts': 10, 'test/hostile/sweep.test.ts': 10 };
    expect(order(await sequencer(sizes).sort(files))).toEqual(['slow:test/hostile/sweep.test.ts', 'fast:test/a.test.ts', 'fast-isolated:test/app/b.test.ts']);
  });

  it("keeps Vitest's order within a project: larger files first when no duration is known", async () => {
    const files = [spec(SLOW_PROJECT, 'test/small.test.ts'), spec('fast', 'test/x.test.ts'), spec(SLOW_PROJECT, 'test/large.test.ts')];
    const sizes = { 'test/small.test.ts': 1, 'test/large.test.ts': 100, 'test/x.test.ts': 50 };
    expect(order(await sequencer(sizes).sort(files))).toEqual(['slow:test/large.test.ts', 'slow:test/small.test.ts', 'fast:test/x.test.ts']);
  });
});
