import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** A file's own environment, as Vitest reads it from a docblock comment. */
const ENVIRONMENT_COMMENT = /@(?:vitest|jest)-environment\s+([\w./-]+)/;

/** The environment a test file runs in: its docblock's, else its project's. */
export function environmentOf(spec: TestSpecification, read: (file: string) => string = (file) => readFileSync(file, 'utf8')): string {
  return ENVIRONMENT_COMMENT.exec(read(spec.moduleId))?.[1] ?? spec.project.config.environment;
}

/**
 * Vitest's order (or a shuffle of the files when `sequence.shuffle` asks for one), with the files
 * of one project and one environment kept together: projects by name, environments by name.
 *
 * Why: a fork of a non-isolated project (`fast`) is kept for the next file only when the next
 * file in the queue belongs to the same project and environment; otherwise Vitest stops it, and
 * the next fork imports the shared module graph (zod contract, ajv, fastify, the sandbox) again.
 * Vitest orders a project's files by their last duration, so the six jsdom files fell between
 * node files and test:fast started seven node forks instead of two (118 CPU s against 100), and
 * a shuffled run far more. Kept together, a project's node files run in two forks whatever the
 * order, and a shuffle still changes the order of files within each fork.
 *
 * `--sequence.shuffle` shuffles the files (within their groups) and the tests. Vitest passes the
 * object form's `files` flag to no custom sequencer (it only picks its own RandomSequencer from
 * it), so `--sequence.shuffle.files` alone leaves the files in this order.
 */
export class GroupedSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { sequence } = this.ctx.config;
    const ordered = sequence.shuffle ? shuffled(files, sequence.seed) : await super.sort(files);
    return groupTogether(ordered, (spec) => environmentOf(spec));
  }
}

/** `ordered` stably sorted by project name, then environment name. */
export function groupTogether(ordered: TestSpecification[], environment: (spec: TestSpecification) => string): TestSpecification[] {
  const keys = new Map(ordered.map((spec) => [spec, `${spec.project.name}\0${environment(spec)}`]));
  const key = (spec: TestSpecification): string => keys.get(spec) ?? '';
  return [...ordered].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A copy of `items` in an order drawn from `seed` (the same seed, the same order). */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
