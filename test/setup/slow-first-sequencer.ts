import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The project of vitest.config.ts whose files dominate the run's time. */
export const SLOW_PROJECT = 'slow';

/**
 * Vitest's own order, except that the `slow` project's files start first.
 * Why: Vitest runs projects in the order of their names, so `slow` came after `fast` and
 * `fast-isolated`, and a file of minutes (the hostile sweep) started ten minutes into the run and
 * then ran alone on one core while the other stayed idle. Started first, the long files run
 * beside the short ones, which fill the other core. Within a project the order stays Vitest's
 * (failed first, then longest known duration, then largest file).
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isSlow = (spec: TestSpecification): boolean => spec.project.name === SLOW_PROJECT;
    return [...sorted.filter(isSlow), ...sorted.filter((spec) => !isSlow(spec))];
  }
}
