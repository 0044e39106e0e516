import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config';

/**
 * The projects of vitest.config.ts that share a fork's modules between files (`isolate: false`,
 * `fast`) must hold no file that replaces a module: a `vi.mock` there would reach every
 * later file of the same fork, or miss the module that an earlier file already imported. Such a
 * file belongs in `fast-isolated`. Why a test: the rule lives in comments of the configuration,
 * and a shuffled run shows a broken sharing only when the order happens to meet it.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const MODULE_REPLACEMENT = /\bvi\s*\.\s*(?:mock|doMock|unmock|doUnmock)\s*\(/;

interface ProjectTest {
  name?: string;
  include?: string[];
  exclude?: string[];
  isolate?: boolean;
}

function sharedProjects(): ProjectTest[] {
  const projects = config.test?.projects;
  if (!Array.isArray(projects)) throw new Error('vitest.config.ts: test.projects is not a list');
  return projects
    .map((project) => (typeof project === 'object' && project !== null && 'test' in project ? (project.test as ProjectTest) : undefined))
    .filter((test): test is ProjectTest => test?.isolate === false);
}

/** The files a project runs: its include globs from the root, less its exclude globs. */
function filesOf(project: ProjectTest): string[] {
  if (!project.include) throw new Error(`vitest.config.ts: project ${project.name ?? '?'} has no include`);
  return globSync(project.include, { cwd: root, exclude: project.exclude ?? [] });
}

/** The files of `projects` that replace a module, as `project: file`. */
function moduleReplacers(projects: ProjectTest[], read: (file: string) => string): string[] {
  return projects.flatMap((project) =>
    filesOf(project)
      .filter((file) => MODULE_REPLACEMENT.test(read(file)))
      .map((file) => `${project.name ?? '?'}: ${file}`),
  );
}

const readRepoFile = (file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('projects whose files share a fork', () => {
  it('are fast, which holds most test files', () => {
    const shared = sharedProjects();
    expect(shared.map((project) => project.name)).toEqual(['fast']);
    expect(shared.flatMap(filesOf).length).toBeGreaterThan(150);
  });

  it('hold no file that replaces a module with vi.mock', () => {
    expect(moduleReplacers(sharedProjects(), readRepoFile)).toEqual([]);
  });

  it('would name a file that did', () => {
    const [fast] = sharedProjects().filter((project) => project.name === 'fast');
    if (!fast) throw new Error('vitest.config.ts: no shared project named fast');
    const [first] = filesOf(fast);
    if (!first) throw new Error('vitest.config.ts: the fast project holds no file');
    // Joined here, so that this file does not itself hold the call it looks for.
    const mockCall = ['vi', "mock('electron');\n"].join('.');
    const read = (file: string): string => (file === first ? mockCall : readRepoFile(file));
    expect(moduleReplacers([fast], read)).toEqual([`fast: ${first}`]);
  });
});
